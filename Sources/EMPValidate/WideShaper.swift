import EMPConfig
import EMPCore
import EMPRead
import Foundation

/// Periods as columns: `wide` (World Bank, DataBank, prefixed `pop1990`) and `eurostat-tsv`
/// (dimension codes packed in the first column, `geo\TIME_PERIOD`). Each period cell of a
/// line becomes one logical record: the line's identifying columns, TIME_PERIOD, OBS_VALUE
/// and, when cells carry flags (`628 e`, `: c`), OBS_STATUS. Columns with an empty header
/// (the trailing comma of World Bank files) are not data and are ignored.
struct WideShaper: LayoutShaper {
    let layout: LayoutConfig
    let eurostat: Bool
    var ids: [Int] = []
    /// Physical column, period text, physical header (for messages).
    var periods: [(index: Int, period: String, label: String)] = []
    /// eurostat-tsv: names of the dimensions packed in the first column.
    var packed: [String] = []
    var width = 0
    /// Per period, the physical column names of its logical record's period, value and flag
    /// (for messages): made once, shared by every line's cell of that period.
    var periodLabels: [[Int: String]] = []
    var periodBytes: [[UInt8]] = []

    init(layout: LayoutConfig) {
        self.layout = layout
        eurostat = layout.kind == .eurostatTSV
    }

    var splitsFlags: Bool { eurostat || layout.value_flags == true }

    mutating func header(_ record: CSVRecord) -> (header: CSVRecord, problems: [RowProblem]) {
        width = record.fields.count
        var names: [String] = [], problems: [RowProblem] = []
        if eurostat { names = eurostatHeader(record, &problems) } else { names = wideHeader(record, &problems) }
        names += [LayoutColumn.period, LayoutColumn.value] + (splitsFlags ? [LayoutColumn.status] : [])
        if periods.isEmpty && problems.isEmpty {
            problems.append(MissingColumn.noPeriods(eurostat: eurostat, pattern: layout.periodPattern))
        }
        periodBytes = periods.map { $0.period.bytes }
        let periodAt = eurostat ? packed.count : ids.count, valueAt = periodAt + 1
        periodLabels = periods.map { p in
            var labels = [periodAt: p.label, valueAt: p.label]
            if splitsFlags { labels[valueAt + 1] = p.label }
            return labels
        }
        return (Self.logicalHeader(names, line: record.line), problems)
    }

    mutating func wideHeader(_ record: CSVRecord, _ problems: inout [RowProblem]) -> [String] {
        let regex = try? NSRegularExpression(pattern: layout.periodPattern)
        var names: [String] = []
        for i in record.fields.indices {
            let label = Self.headerName(record, i, &problems)
            if label.isEmpty { continue }
            if let period = match(regex, label) {
                periods.append((i, spanned(period), label))
            } else {
                ids.append(i)
                names.append(label)
            }
        }
        return names
    }

    func match(_ regex: NSRegularExpression?, _ label: String) -> String? {
        let range = NSRange(label.startIndex..., in: label)
        guard let regex, let m = regex.firstMatch(in: label, range: range) else { return nil }
        let group = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range
        return Range(group, in: label).map { String(label[$0]) }
    }

    /// `1990` in a file of five-year periods is `1990-1995`, never the year 1990.
    func spanned(_ period: String) -> String {
        guard let span = layout.period_span, let start = Int(period), period.count == 4 else { return period }
        return "\(start)-\(start + span)"
    }

    mutating func eurostatHeader(_ record: CSVRecord, _ problems: inout [RowProblem]) -> [String] {
        let first = record.fields.isEmpty ? "" : Self.headerName(record, 0, &problems)
        guard let slash = first.lastIndex(of: "\\") else {
            problems.append(MissingColumn.notEurostatKey(first: first))
            return []
        }
        packed = first[..<slash].split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmedCell }
        for i in record.fields.indices.dropFirst() {
            let label = Self.headerName(record, i, &problems)
            if !label.isEmpty { periods.append((i, label, label)) }
        }
        return packed
    }

    func rows(_ record: CSVRecord, _ out: (ShapedRow) -> Void) {
        guard record.problem == nil else { out(.row(LogicalRecord(record))); return }
        guard record.fields.count == width else { out(ragged(record, expected: width)); return }
        var idFields: [[UInt8]]
        if eurostat {
            // Split as bytes: a code that is not UTF-8 reaches the mapper as it is, which reports it.
            let key = record.fields[0].split(separator: 0x2C, omittingEmptySubsequences: false).map(Self.trimmed)
            guard key.count == packed.count else {
                let problem = RaggedRow.key(record.raw(0), parts: key.count, dimensions: packed)
                out(.rejected(line: record.line, problem: problem, fields: record.fields.indices.map(record.raw)))
                return
            }
            idFields = key
        } else {
            idFields = ids.map { record.fields[$0] }
        }
        // One array of cells for the whole line, its period cells replaced for each period: a
        // reader that keeps no reference to a cell's record leaves it unique, so it is reused
        // in place (an array per cell, retaining each identifying cell, was a tenth of a check).
        let keys = idFields.count
        var fields = idFields
        fields.reserveCapacity(keys + 3)
        for (n, p) in periods.enumerated() {
            fields.removeSubrange(keys...)
            fields.append(periodBytes[n])
            if splitsFlags && record.isValidUTF8(p.index) {
                let (value, flag) = WideShaper.splitFlag(record.raw(p.index))
                fields.append(value.bytes)
                fields.append(flag.bytes)
            } else {
                fields.append(record.fields[p.index])
                if splitsFlags { fields.append([]) }
            }
            out(.row(LogicalRecord(line: record.line, fields: fields, labels: periodLabels[n])))
        }
    }

    /// Spaces and tabs around a field's bytes (`trimmedCell` for text that may not be UTF-8).
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let start = bytes.firstIndex(where: { !blank($0) }), let end = bytes.lastIndex(where: { !blank($0) })
        else { return [] }
        return Array(bytes[start...end])
    }

    /// `628 e` → (628, e); `: c` → (":", c); `1234 ` → (1234, ""); `0n` → (0, n). `:` stays
    /// itself (a missing marker of these layouts): an empty cell may mean 0 (`empty: zero`), `:` never.
    static func splitFlag(_ cell: String) -> (String, String) {
        let text = cell.trimmedCell
        var value = text, flag = ""
        if let space = text.firstIndex(of: " ") {
            value = String(text[..<space])
            flag = String(text[space...]).trimmedCell
        } else if let last = text.lastIndex(where: { !($0.isASCII && $0.isLowercase) }),
            last < text.index(before: text.endIndex),
            text[last].isNumber
        {
            // Flags written against the number (`0n`: less than half the unit).
            value = String(text[...last])
            flag = String(text[text.index(after: last)...])
        }
        return (value, flag)
    }
}
