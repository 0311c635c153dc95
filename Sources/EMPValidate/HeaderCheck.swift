import EMPConfig
import EMPCore
import EMPRead

/// Checks the header row against the columns the pipeline maps. A missing mapped column
/// makes every row of the file unusable; the diagnostics say which and how to fix it.
struct HeaderCheck {
    let source: SourceConfig
    let delimiter: UInt8

    struct Result {
        var header: [String] = []
        var problems: [RowProblem] = []
        var warnings: [RowProblem] = []
        /// Set when no data row can be mapped; every row is then quarantined with this rule.
        var blocking: (rule: Rule, message: String)?
    }

    func check(_ record: CSVRecord) -> Result {
        var result = Result()
        for (i, bytes) in record.fields.enumerated() {
            switch UTF8Text.decode(bytes) {
            case .success(let s): result.header.append(s)
            case .failure(let e):
                result.header.append(String(decoding: bytes, as: UTF8.self))
                result.problems.append(RowProblem(column: "#\(i + 1)", rule: .badEncoding, value: nil,
                    message: "header byte 0x\(String(e.byte, radix: 16, uppercase: true)) is not valid UTF-8",
                    hint: "the file looks like Latin-1 or Windows-1252: declare encoding: windows-1252 (or iso-8859-1, cp850) for the source, or re-save it as UTF-8"))
            }
        }
        if let p = record.problem {
            result.problems.append(RowProblem(column: nil, rule: .badQuoting, value: nil, message: "the header line has a misplaced quote: \(p)", hint: "fix the quotes in the header line"))
        }
        checkDuplicates(&result)
        checkMapped(&result)
        if result.blocking == nil, let first = result.problems.first {
            result.blocking = (first.rule, first.message)
        }
        return result
    }

    func checkDuplicates(_ result: inout Result) {
        var seen = Set<String>()
        let mapped = Set(source.columnMap.values)
        for name in result.header where !seen.insert(name).inserted {
            let p = RowProblem(column: name, rule: .duplicateColumn, value: name,
                               message: "the column '\(name)' appears more than once in the header",
                               hint: "rename one of the columns")
            if mapped.contains(name) { result.problems.append(p) } else { result.warnings.append(p) }
        }
    }

    func checkMapped(_ result: inout Result) {
        let header = result.header
        let others: [(UInt8, String)] = [(0x2C, "\",\""), (0x3B, "\";\""), (0x09, "tab"), (0x7C, "\"|\"")]
        if header.count == 1, let (_, name) = others.first(where: { $0.0 != delimiter && header[0].utf8.contains($0.0) }) {
            result.problems.append(RowProblem(column: nil, rule: .wrongDelimiter, value: String(header[0].prefix(60)),
                message: "the header is one column, but it contains \(name): the file is not split with the declared delimiter",
                hint: "set dialect.delimiter: \(name) for source \(source.name)"))
            result.blocking = (.wrongDelimiter, "the file does not use the declared delimiter")
            return
        }
        let available = header.map { "'\($0)'" }.prefix(12).joined(separator: ", ")
        let optional = source.optionalLayoutColumns
        for (field, column) in source.columnMap.sorted(by: { $0.key < $1.key }) where !header.contains(column) && !optional.contains(column) {
            var hint = "the header has: \(available); fix columns.\(field) in the pipeline file"
            if let near = header.first(where: { $0.lowercased() == column.lowercased() || $0.trimmingSpaces == column }) {
                hint = "did you mean '\(near)'? column names must match exactly; fix columns.\(field)"
            }
            result.problems.append(RowProblem(column: column, rule: .missingColumn, value: nil,
                message: "the file has no column '\(column)' (mapped to \(field))", hint: hint))
        }
        for (key, map) in [("filter", source.filter), ("exclude", source.exclude)] {
            for column in (map ?? [:]).keys.sorted() where !header.contains(column) {
                result.problems.append(RowProblem(column: column, rule: .missingColumn, value: nil,
                    message: "the file has no column '\(column)' (used by \(key))",
                    hint: "the header has: \(available); fix \(key).\(column) in the pipeline file"))
            }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
