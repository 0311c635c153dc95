import EMPCore

/// One thing wrong with one row, before it is placed in a file and line.
public struct RowProblem: Sendable, Equatable {
    public var column: String?
    public var rule: Rule
    public var value: String?
    public var message: String
    public var hint: String

    public init(column: String?, rule: Rule, value: String?, message: String, hint: String) {
        self.column = column
        self.rule = rule
        self.value = value
        self.message = message
        self.hint = hint
    }

    /// A row of a file that cannot be mapped (a missing column, the wrong delimiter): it carries
    /// the file's first problem, reported once for the file, not again per row.
    static func blocked(_ blocking: (rule: Rule, message: String)) -> RowProblem {
        RowProblem(column: nil, rule: blocking.rule, value: nil, message: blocking.message, hint: "")
    }
}

extension RowProblem {
    /// A rejected row as the quarantine keeps it: each problem's rule, column and value joined
    /// by `;`, the messages by `; `; its cells bounded as reports bound values (`Echo`).
    static func rejected(line: Int, _ problems: [RowProblem], cells: [String]) -> RejectedRow {
        RejectedRow(
            line: line, rule: problems.map(\.rule.rawValue).joined(separator: ";"),
            column: problems.map { $0.column ?? "" }.joined(separator: ";"),
            value: problems.map { $0.value ?? "" }.joined(separator: ";"),
            reason: problems.map(\.message).joined(separator: "; "), cells: Echo.cells(cells))
    }
}

extension SourceReport {
    /// A problem of the whole source found once its rows were read (its weights' sum, say):
    /// reported without a line, and the source fails with it.
    public mutating func fail(with p: RowProblem) {
        add(
            Diagnostic(
                source: name, file: path, line: nil, column: p.column, rule: p.rule, value: p.value,
                message: p.message, hint: p.hint))
        fail("\(p.rule.rawValue): \(p.message)")
    }
}
