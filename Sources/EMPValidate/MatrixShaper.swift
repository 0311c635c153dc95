import EMPConfig
import EMPCore
import EMPRead

/// `matrix`: one dimension down the rows (e.g. origin), another across the columns (e.g.
/// destination); each cell is one logical record `<row_labels>, <columns_name>, OBS_VALUE`.
/// Labels listed under `totals` are totals, not categories: a total that falls on ref_area
/// (the sum over countries) is skipped and counted; on any other field it becomes `_T`, so
/// the consistency check compares it with the sum of its cells and it is never added to them.
/// An empty cell is 0 unless the source says `empty: missing` (see `SourceConfig.emptyCells`);
/// an empty diagonal or total cell is skipped and counted. With `both_sides` a total on
/// ref_area is passed on marked `areaTotal`: the ingest keeps only its mirror (`MatrixSides`).
struct MatrixShaper: LayoutShaper {
    let layout: LayoutConfig
    let totals: Set<String>
    /// Whether the row or the column labels fill ref_area (a total there is not a country).
    let rowIsArea: Bool
    let columnIsArea: Bool
    var rowIndex = 0
    /// `valid`: the header name is UTF-8 (else the file is blocked and nothing is compared with it).
    var columns: [(index: Int, label: String, code: String, valid: Bool)] = []
    var width = 0

    init(layout: LayoutConfig, source: SourceConfig) {
        self.layout = layout
        totals = Set(layout.totals ?? [])
        let area = source.columnMap["ref_area"]
        rowIsArea = area != nil && area == layout.row_labels
        columnIsArea = area == layout.matrixColumnsName
    }

    mutating func header(_ record: CSVRecord) -> (header: CSVRecord, problems: [RowProblem]) {
        width = record.fields.count
        var problems: [RowProblem] = []
        let names = record.fields.indices.map { Self.headerName(record, $0, &problems) }
        if let wanted = layout.row_labels {
            if let i = names.firstIndex(of: wanted) {
                rowIndex = i
            } else {
                problems.append(MissingColumn.rowLabels(wanted, header: names))
            }
        }
        for (i, name) in names.enumerated() where i != rowIndex && !name.isEmpty {
            columns.append((i, name, totals.contains(name) ? "_T" : name, record.isValidUTF8(i)))
        }
        let rowName = names.isEmpty ? "" : names[rowIndex]
        return (
            Self.logicalHeader([rowName, layout.matrixColumnsName, LayoutColumn.value], line: record.line), problems
        )
    }

    func rows(_ record: CSVRecord, _ out: (ShapedRow) -> Void) {
        guard record.problem == nil else { out(.row(LogicalRecord(record))); return }
        guard record.fields.count == width else { out(ragged(record, expected: width)); return }
        let label = record.raw(rowIndex).trimmedCell
        let rowTotal = totals.contains(label)
        let validLabel = record.isValidUTF8(rowIndex)
        for c in columns {
            // A total on ref_area is a sum over countries, not a country; read both sides, it is
            // the mirrored side's total (the column total row: the column country's emigrants),
            // unless it is the total of totals.
            let areaTotal = (rowTotal && rowIsArea) || (c.code == "_T" && columnIsArea)
            if areaTotal && (!layout.bothSides || (rowTotal && c.code == "_T")) {
                out(
                    .skipped(
                        line: record.line,
                        reason:
                            "matrix total on ref_area ('\(rowTotal ? label : c.label)'): a sum over countries, not a "
                            + "country"
                    ))
                continue
            }
            if validLabel && c.valid && label == c.label && record.fields[c.index].isEmpty {
                out(.skipped(line: record.line, reason: "matrix diagonal: '\(label)' to itself, no value"))
                continue
            }
            // A total the file leaves empty is not given (neither 0 nor a missing figure): the
            // profiles sum its cells instead of publishing an empty total.
            if (rowTotal || c.code == "_T") && record.fields[c.index].isEmpty {
                out(.skipped(line: record.line, reason: "matrix total left empty: the sum of its cells is used"))
                continue
            }
            // A row label that is not UTF-8 goes on as its bytes: the mapper reports it (bad-encoding).
            let rowCode = rowTotal ? "_T".bytes : validLabel ? label.bytes : record.fields[rowIndex]
            let fields = [rowCode, c.code.bytes, record.fields[c.index]]
            var logical = LogicalRecord(line: record.line, fields: fields, labels: [1: c.label, 2: c.label])
            logical.areaTotal = areaTotal
            out(.row(logical))
        }
    }
}
