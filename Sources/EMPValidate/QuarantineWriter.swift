import EMPCore

/// `quality/quarantine/<source>.csv`: each rejected row with why, followed by the row's own
/// fields under the file's own header, so it can be fixed and fed again.
final class QuarantineWriter {
    let path: String
    let header: [String]
    private var writer: TextFileWriter?

    init(path: String, header: [String]) {
        self.path = path
        self.header = header
    }

    func write(line: Int, problems: [RowProblem], fields: [String]) throws {
        if writer == nil {
            let w = try TextFileWriter(path: path)
            try w.write(CSVText.line(["_line", "_rule", "_column", "_value", "_reason"] + header))
            writer = w
        }
        let rules = problems.map(\.rule.rawValue).joined(separator: ";")
        let columns = problems.map { $0.column ?? "" }.joined(separator: ";")
        let values = problems.map { $0.value ?? "" }.joined(separator: ";")
        let reason = problems.map(\.message).joined(separator: "; ")
        try writer!.write(CSVText.line([String(line), rules, columns, values, reason] + fields))
    }

    var wroteAny: Bool { writer != nil }

    func close() throws { try writer?.close() }
}
