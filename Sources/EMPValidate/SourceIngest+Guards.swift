import EMPCore

/// Checks on a whole source once its rows are counted, for the ways a source can pass while
/// giving nothing: a `filter` or `exclude` value no row holds (a typo filters every row, or
/// excludes none). A release built on such a source would lose what it published.
extension SourceIngest.State {
    /// Each configured value that never appeared in its column fails the source.
    mutating func checkFilters(_ filter: RowFilter) {
        for u in filter.unmatched {
            diagnose(nil, RowProblem(column: u.column, rule: .filterUnmatched, value: u.value,
                message: "\(u.key) \(u.column)=\(u.value) matched no row; the column has \(u.tally.listing())",
                hint: "check the spelling: values are compared exactly as the file writes them; emp inspect \(ingest.displayPath) shows sample values of each column"))
            report.fail("\(Rule.filterUnmatched.rawValue): \(u.key) \(u.column)=\(u.value) matched no row")
        }
    }
}
