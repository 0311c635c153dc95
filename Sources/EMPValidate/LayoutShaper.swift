import EMPConfig
import EMPCore
import EMPRead

/// Turns physical records of one layout into logical long records. `header` reads the
/// physical header once and returns the logical one; `rows` reshapes each data record.
protocol LayoutShaper {
    mutating func header(_ record: CSVRecord) -> (header: CSVRecord, problems: [RowProblem])
    func rows(_ record: CSVRecord, _ out: (ShapedRow) -> Void)
}

extension LayoutShaper {
    static func logicalHeader(_ names: [String], line: Int) -> CSVRecord {
        CSVRecord(line: line, fields: names.map(\.bytes))
    }

    /// The trimmed name of header cell `i`. Bytes that are not UTF-8 are a `bad-encoding`
    /// problem of the header (it blocks the file, as in a long file's header): a matrix's or a
    /// wide file's header names are codes and labels, and a replacement character in them would
    /// turn `Côte d'Ivoire` into an unknown country instead of saying what is wrong.
    static func headerName(_ record: CSVRecord, _ i: Int, _ problems: inout [RowProblem]) -> String {
        if case .failure(let e) = record.text(i) { problems.append(BadEncoding.header(i, e)) }
        return record.raw(i).trimmedCell
    }

    /// A physical record whose field count differs from its header cannot be reshaped.
    func ragged(_ record: CSVRecord, expected: Int) -> ShapedRow {
        .rejected(
            line: record.line, problem: RaggedRow.fields(record.fields.count, header: expected, physical: true),
            fields: record.fields.indices.map(record.raw))
    }
}

/// `long`: one value per record, records pass through unchanged.
struct LongShaper: LayoutShaper {
    mutating func header(_ record: CSVRecord) -> (header: CSVRecord, problems: [RowProblem]) { (record, []) }
    func rows(_ record: CSVRecord, _ out: (ShapedRow) -> Void) { out(.row(LogicalRecord(record))) }
}

/// SDMX-CSV 1.0 (`DATAFLOW`) and 2.0 (`STRUCTURE, STRUCTURE_ID, ACTION`): long already.
/// Headers and codes written `geo: Geopolitical entity` / `AT: Austria` (labels "both") keep
/// the id; Eurostat's `OBS_FLAG` is read as OBS_STATUS; a deletion (`ACTION=D`) is not an
/// observation; an empty value that is confidential (`CONF_STATUS` C, D or N) is flagged Q.
struct SDMXShaper: LayoutShaper {
    var labelled: Set<Int> = []
    var action: Int?
    var value: Int?
    var status: Int?
    var conf: Int?
    var width = 0

    mutating func header(_ record: CSVRecord) -> (header: CSVRecord, problems: [RowProblem]) {
        var names: [String] = [], problems: [RowProblem] = []
        for i in record.fields.indices {
            var name = Self.headerName(record, i, &problems)
            if let colon = name.range(of: ": ") { name = String(name[..<colon.lowerBound]); labelled.insert(i) }
            names.append(name)
        }
        // SDMX-CSV 2.0 may declare a sub-field separator: `STRUCTURE[;]`.
        if let first = names.first, first.hasPrefix("STRUCTURE["), first.hasSuffix("]") { names[0] = "STRUCTURE" }
        if !names.contains(LayoutColumn.status), let flag = names.firstIndex(of: "OBS_FLAG") {
            names[flag] = LayoutColumn.status
        }
        action = names.firstIndex(of: "ACTION")
        value = names.firstIndex(of: LayoutColumn.value)
        status = names.firstIndex(of: LayoutColumn.status)
        conf = names.firstIndex(of: "CONF_STATUS")
        width = names.count
        if let first = names.first, !["DATAFLOW", "STRUCTURE"].contains(first) {
            problems.append(MissingColumn.notSDMX(first: first))
        }
        return (Self.logicalHeader(names, line: record.line), problems)
    }

    func rows(_ record: CSVRecord, _ out: (ShapedRow) -> Void) {
        guard record.problem == nil else { out(.row(LogicalRecord(record))); return }
        guard record.fields.count == width else { out(ragged(record, expected: width)); return }
        if let action, record.raw(action).trimmedCell == "D" {
            out(.skipped(line: record.line, reason: "ACTION=D: a deletion instruction, not an observation"))
            return
        }
        var fields = record.fields
        // A code that is not UTF-8 is passed on as it is: the mapper reports it with its column.
        for i in labelled where record.isValidUTF8(i) {
            let text = record.raw(i)
            if let colon = text.range(of: ": ") { fields[i] = String(text[..<colon.lowerBound]).bytes }
        }
        if let value, let status, let conf, fields[value].isEmpty, fields[status].isEmpty,
            ["C", "D", "N"].contains(record.raw(conf).trimmedCell)
        {
            fields[status] = "Q".bytes
        }
        out(.row(LogicalRecord(line: record.line, fields: fields)))
    }
}
