import EMPCore

/// Checks on a whole source once its rows are counted, for the ways a source can pass while
/// giving nothing: a `filter` or `exclude` value no row holds (a typo filters every row, or
/// excludes none), and a source that accepted no row (a header-only export, every row
/// quarantined or filtered). A release built on such a source would lose what it published.
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

    /// A source that passed everything else but accepted no row fails. One that already failed
    /// (empty file, missing column, a filter value that matched nothing) keeps its own reason.
    mutating func checkYield(_ framer: RecordFramer) {
        guard report.status == .ok, headerResult != nil, report.accepted == 0 else { return }
        guard report.rowsRead > 0 else {
            let footer = framer.footerLines.count
            if footer > 0 {
                sourceProblem(.emptyFile, line: nil, "the file has a header but no data rows: the \(footer) record(s) after it are the skip_footer lines",
                              hint: "check layout.skip_footer (the number of note records after the data)")
            } else {
                sourceProblem(.emptyFile, line: nil, "the file has a header but no data rows",
                              hint: "check that the export wrote its rows, not only the header line")
            }
            return
        }
        let counts = "\(report.rowsRead) read, \(report.quarantined) quarantined, \(report.filtered) filtered"
        diagnose(nil, RowProblem(column: nil, rule: .noRowAccepted, value: nil, message: "no row accepted: \(counts)", hint: yieldHint))
        report.fail("no row accepted: \(counts)")
    }

    var yieldHint: String {
        if report.filtered == 0 {
            return "every row was rejected: fix the problems reported for this file (quarantine/\(ingest.source.name).csv has each row)"
        }
        let top = report.filteredByReason.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "see quality/summary.txt"
        if report.quarantined == 0 {
            return "every row was filtered (most: \(top)): check filter and exclude, and that ref_area holds countries, not aggregates"
        }
        return "every row was rejected or filtered (most filtered: \(top)): fix the problems reported for this file, and check filter and exclude"
    }
}
