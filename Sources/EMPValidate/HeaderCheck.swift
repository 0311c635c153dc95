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
                result.problems.append(BadEncoding.header(i, e))
            }
        }
        if case .oversized(let cut) = record.problem {
            result.problems.append(OversizedField.header(cut))
        } else if let p = record.problem {
            result.problems.append(BadQuoting.header(p))
        }
        // UTF-16 without a byte-order mark reads as text with a NUL between letters ('t\0a\0r'):
        // every column would be "missing"; say what the file is instead.
        if let order = Self.utf16Order(record.fields) {
            result.problems.append(BadEncoding.utf16WithoutMark(order))
            result.blocking = (Rule.badEncoding, result.problems.last!.message)
            return result
        }
        checkDuplicates(&result)
        checkMapped(&result)
        if result.blocking == nil, let first = result.problems.first {
            result.blocking = (first.rule, first.message)
        }
        return result
    }

    /// "le" or "be" when the header's bytes are UTF-16 text read as bytes: NULs in every other
    /// place (after each letter for little-endian, before it for big-endian), nil otherwise.
    static func utf16Order(_ fields: [[UInt8]]) -> String? {
        let bytes: [UInt8] = Array(fields.joined())
        let nuls = bytes.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        guard bytes.count >= 4, nuls * 3 >= bytes.count, let first = fields.first, !first.isEmpty else { return nil }
        // The delimiter splits a UTF-16 comma from its NUL, so only the first field starts as the file does.
        return first[0] == 0 ? "be" : "le"
    }

    func checkDuplicates(_ result: inout Result) {
        var seen = Set<String>()
        let mapped = Set(source.columnMap.values)
        for name in result.header where !seen.insert(name).inserted {
            let p = DuplicateColumn.problem(name)
            if mapped.contains(name) { result.problems.append(p) } else { result.warnings.append(p) }
        }
    }

    func checkMapped(_ result: inout Result) {
        let header = result.header
        let others: [(UInt8, String)] = [(0x2C, "\",\""), (0x3B, "\";\""), (0x09, "tab"), (0x7C, "\"|\"")]
        if header.count == 1,
            let (_, name) = others.first(where: { $0.0 != delimiter && header[0].utf8.contains($0.0) })
        {
            result.problems.append(WrongDelimiter.problem(header: header[0], found: name, source: source.name))
            result.blocking = WrongDelimiter.blocking
            return
        }
        let optional = source.optionalLayoutColumns
        for (field, column) in source.columnMap.sorted(by: { $0.key < $1.key })
        where !header.contains(column) && !optional.contains(column) {
            let near = header.first { $0.lowercased() == column.lowercased() || $0.trimmingSpaces == column }
            result.problems.append(MissingColumn.mapped(column, field: field, header: header, near: near))
        }
        for (key, map) in [("filter", source.filter), ("exclude", source.exclude)] {
            for column in (map ?? [:]).keys.sorted() where !header.contains(column) {
                result.problems.append(MissingColumn.selecting(column, key: key, header: header))
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
