/// What one `filter` or `exclude` column held, to tell at the end of the file which configured
/// values matched no row: a typo (`COMPLETE` for `COMPLET`) would otherwise filter every row,
/// or exclude none, without a word. Distinct texts are kept only while a configured value is
/// still unmatched, and at most `limit` of them, so memory stays flat on millions of rows.
/// A class: the shaping stage updates it from inside its per-cell closure, without copies.
final class ColumnTally {
    static let limit = 1000

    let wanted: Set<String>
    private var matched: Set<String> = []
    /// The column's distinct texts, up to `limit`.
    private(set) var seen: Set<String> = []
    /// More distinct texts than `limit` were met.
    private(set) var overflowed = false

    init(wanted: Set<String>) { self.wanted = wanted }

    /// Called with the cell's text as the filter compares it; `hit` when it is a configured value.
    func note(_ text: String, hit: Bool) {
        guard matched.count < wanted.count else { return }
        if hit { matched.insert(text) }
        if seen.count < ColumnTally.limit {
            seen.insert(text)
        } else if !overflowed, !seen.contains(text) {
            overflowed = true
        }
    }

    /// Configured values no row held, sorted; none when the column was never read (no data row).
    var unmatched: [String] { seen.isEmpty ? [] : wanted.subtracting(matched).sorted() }

    /// `COMPLET, REACH`, or the first `shown` and `… and 980 more` (`over 980` past the limit).
    func listing(shown: Int = 20) -> String {
        let all = seen.sorted()
        var text = all.prefix(shown).map { $0.isEmpty ? "(empty)" : String($0.prefix(60)) }.joined(separator: ", ")
        if all.count > shown { text += " … and \(overflowed ? "over " : "")\(all.count - shown) more" }
        return text
    }
}
