import EMPCore
import EMPRead

/// One record after reshaping: fields under the logical header (e.g. `geo, TIME_PERIOD,
/// OBS_VALUE, OBS_STATUS` for a Eurostat TSV), the physical line it came from, and, per field,
/// the physical column it was read from when that differs from the logical name (so an error
/// names `2015 [YR2015]`, not `OBS_VALUE`).
public struct LogicalRecord {
    public var record: CSVRecord
    public var labels: [Int: String]
    /// A matrix total on ref_area read both sides (`both_sides`): its ref_area is `_T`, a sum
    /// over countries, so only its mirror (the partner country's total) is a record.
    public var areaTotal = false

    public init(line: Int, fields: [[UInt8]], labels: [Int: String] = [:]) {
        record = CSVRecord(line: line, fields: fields)
        self.labels = labels
    }

    init(_ record: CSVRecord) {
        self.record = record
        labels = [:]
    }

    public var line: Int { record.line }
}

/// What the reshaping stage hands to the ingest, in file order.
enum ShapedRow {
    /// The logical header (once), with problems the layout found in the physical header.
    case header(line: Int, record: CSVRecord, problems: [RowProblem])
    case row(LogicalRecord)
    /// A physical record that cannot be reshaped (e.g. ragged): one quarantined row.
    case rejected(line: Int, problem: RowProblem, fields: [String])
    /// Not data for the profiles: filtered, an aggregate, a blank row. Counted per reason.
    case skipped(line: Int, reason: String)
}

extension String {
    var bytes: [UInt8] { Array(utf8) }

    /// Spaces and tabs around a cell (Eurostat pads every cell with a trailing space).
    var trimmedCell: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}

extension CSVRecord {
    /// Field text for reshaping; bytes that are not UTF-8 are kept as they are so the mapper
    /// reports them with their line and column.
    func raw(_ i: Int) -> String { String(decoding: fields[i], as: UTF8.self) }

    func isValidUTF8(_ i: Int) -> Bool {
        if case .success = text(i) { return true }
        return false
    }

    var isBlank: Bool { fields.allSatisfy { $0.allSatisfy { $0 == 0x20 || $0 == 0x09 } } }
}
