import EMPCore

/// Every validation rule, in the order of `Rule` (grouped by kind): what `emp rules` lists and
/// what the README's rule table is generated from (`make docs`; a test keeps them equal).
public enum RuleCatalogue {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var kind: String
        public var checks: String
        public var fix: String
    }

    public static var entries: [Entry] {
        Rule.allCases.map { rule in
            let unit = rule.unit
            return Entry(id: unit.id.rawValue, kind: unit.kind, checks: unit.checks, fix: unit.fix)
        }
    }

    /// The README table: one row per rule (no trailing line break after the last row).
    public static var markdown: String {
        let rows = entries.map { e in "| \(e.kind) | `\(e.id)` | \(cell(e.checks)) | \(cell(e.fix)) |" }
        return (["| kind | rule | what it checks | fix |", "| --- | --- | --- | --- |"] + rows).joined(separator: "\n")
    }

    /// A Markdown table cell: a `|` in the text would end it.
    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    /// The markers around the generated table in README.md.
    public static let beginMarker = "<!-- rules:begin -->"
    public static let endMarker = "<!-- rules:end -->"
}
