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
        var names: [String] = []
        for i in record.fields.indices {
            var name = record.raw(i).trimmedCell
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
        var problems: [RowProblem] = []
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
        for i in labelled {
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
