/// How much of a file's own text a report, a quarantine file or the store repeats: a value is
/// echoed so a reader can find it, never kept whole (a field may be megabytes long, or hold
/// what a file should not have been, e.g. a symbolic link to a system file).
public enum Echo {
    public static let maxCharacters = 200
    /// The cells of one row a quarantine file repeats (a record cut at `max_record_bytes` may
    /// have hundreds of thousands); the widest real-world row emp reads has 68.
    public static let maxCells = 1000

    /// A rejected row's cells as the quarantine keeps them: each bounded, at most `maxCells`
    /// (then "…" in the next cell).
    public static func cells(_ cells: [String]) -> [String] {
        let kept = cells.prefix(maxCells).map(bounded)
        return cells.count > maxCells ? kept + ["…"] : kept
    }

    /// `text` cut after `maxCharacters` characters, with "…" where it was cut.
    public static func bounded(_ text: String) -> String {
        // Bytes bound characters from above: most values are short, and are returned at once.
        guard text.utf8.count > maxCharacters, text.count > maxCharacters else { return text }
        return String(text.prefix(maxCharacters)) + "…"
    }

    /// `text` with every occurrence of a long `value` replaced by its bounded form (the
    /// messages that quote a value).
    public static func bounding(_ value: String?, in text: String) -> String {
        guard let value, value.utf8.count > maxCharacters, value.count > maxCharacters else { return text }
        return text.replacingOccurrences(of: value, with: bounded(value))
    }
}
