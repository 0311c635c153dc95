import EMPCore

/// Checks on a whole source once its rows are counted, for the ways a source can pass while
/// giving nothing: a `filter` or `exclude` value no row holds (a typo filters every row, or
/// excludes none), and a source that accepted no row (a header-only export, every row
/// quarantined or filtered). A release built on such a source would lose what it published.
extension SourceIngest.State {
    /// Each configured value that never appeared in its column fails the source.
    mutating func checkFilters(_ filter: RowFilter) {
        for u in filter.unmatched {
            diagnose(
                nil,
                FilterUnmatched.problem(
                    u.key, column: u.column, value: u.value, listing: u.tally.listing(),
                    path: ingest.displayPath))
            report.fail(FilterUnmatched.failure(u.key, column: u.column, value: u.value))
        }
    }

    /// A source that passed everything else but accepted no row fails. One that already failed
    /// (empty file, missing column, a filter value that matched nothing) keeps its own reason.
    mutating func checkYield(_ framer: RecordFramer) {
        guard report.status == .ok, headerResult != nil, report.accepted == 0 else { return }
        guard report.rowsRead > 0 else {
            sourceProblem(EmptyFile.noDataRows(footer: framer.footerLines.count), line: nil)
            return
        }
        let top = report.filteredByReason.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        let p = NoRowAccepted.problem(
            read: report.rowsRead, quarantined: report.quarantined, filtered: report.filtered,
            top: top, source: ingest.source.name)
        diagnose(nil, p)
        report.fail(p.message)
    }

    /// The records `skip_footer` leaves out must look like notes: one that maps to an
    /// observation with a value, as a data row would, means the file ends with data (a footer
    /// the export no longer writes): the source fails rather than drop those figures.
    mutating func checkFooter(_ shaping: inout RecordShaping) {
        guard report.status == .ok, let mapper, shaping.framer.footer > 0 else { return }
        var data: [Int] = []
        // A note line rarely has the header's width; one that has it is mapped as a row would be.
        for record in shaping.framer.footerRecords
        where record.problem == nil && !record.isBlank && record.fields.count == shaping.physicalWidth {
            shaping.shaper.rows(record) { shaped in
                guard case .row(let logical) = shaped, !data.contains(record.line),
                    case .accepted(let obs) = mapper.map(logical.record, labels: logical.labels), obs.value != nil
                else { return }
                data.append(record.line)
            }
        }
        guard !data.isEmpty else { return }
        sourceProblem(FooterIsData.problem(lines: data, skipFooter: shaping.framer.footer), line: data.first)
    }
}
