import EMPCore
import Testing

/// A source that yields no accepted row fails (issue 18): header-only, every row quarantined,
/// every row filtered. A source that already failed for a reason of its own keeps it.
@Suite struct NoRowAcceptedTests {
    let header = "country,year,origin,persons,flag\n"
    static let worldBank = "ref_area is an aggregate, not a country (World Bank aggregate)"

    @Test func headerThenOnlyFooterLines() throws {
        let run = try ingest(
            """
            domain: population
            layout: { kind: wide, skip_footer: 2 }
            columns: { ref_area: code }
            """, "code,2019\n,\nLast Updated: 2021\n")
        #expect(
            run.report.failure
                == "empty-file: the file has a header but no data rows: the 2 record(s) after it are the skip_footer "
                + "lines"
        )
        #expect(
            run.diagnostics(.emptyFile)[0].hint
                == "check layout.skip_footer (the number of note records after the data)")
        #expect((run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (0, 0, 0, 0))
    }

    @Test func allRowsQuarantined() throws {
        let run = try ingest(
            inflowsSource + "\nmax_error_rate: 1", header + "QQQ,2019,ROU,5,\nMDA,20l9,ROU,5,\nMDA,2019,ROU,-5,\n")
        #expect(run.report.status == .failed, "even where the error policy would let every rejection pass")
        #expect(run.report.failure == "no row accepted: 3 read, 3 quarantined, 0 filtered")
        #expect((run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (3, 0, 3, 0))
        #expect(
            run.rules == ["no-row-accepted", "unknown-country", "bad-year", "negative-value"],
            "the whole-file problem first, then by line")
        let d = run.diagnostics(.noRowAccepted)[0]
        #expect(d.message == "no row accepted: 3 read, 3 quarantined, 0 filtered")
        #expect(d.file == "data.csv")
        #expect(d.line == nil)
        #expect(
            d.hint
                == "every row was rejected: fix the problems reported for this file (quarantine/src.csv has each row)")
        #expect(run.quarantine.split(separator: "\n").count == 4, "the quarantine still has every row")
    }

    @Test func allRowsQuarantinedUnderTheDefaultPolicy() throws {
        let run = try ingest(inflowsSource, header + "QQQ,2019,ROU,5,\n")
        #expect(
            run.report.failure == "no row accepted: 1 read, 1 quarantined, 0 filtered",
            "clearer than 100.00% of rows rejected")
    }

    @Test func allRowsFiltered() throws {
        let run = try ingest(inflowsSource, header + "WLD,2018,ROU,5,\nWLD,2019,ROU,6,\n")
        #expect(run.report.failure == "no row accepted: 2 read, 0 quarantined, 2 filtered")
        #expect((run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (2, 0, 0, 2))
        #expect(run.rules == ["no-row-accepted"])
        #expect(
            run.diagnostics(.noRowAccepted)[0].hint
                == "every row was filtered (most: \(Self.worldBank)): check filter and exclude, and that ref_area "
                + "holds countries, not aggregates"
        )
    }

    @Test func anExcludeThatDropsEveryRow() throws {
        let run = try ingest(
            inflowsSource + "\nexclude: { origin: ROU }", header + "MDA,2018,ROU,5,\nMDA,2019,ROU,6,\n")
        #expect(run.report.failure == "no row accepted: 2 read, 0 quarantined, 2 filtered")
        #expect(run.report.filteredByReason == ["exclude: origin=ROU": 2])
    }

    @Test func quarantinedAndFilteredTogether() throws {
        var csv = header
        for i in 0..<105 { csv += "MDA,\(1900 + i),Romanai,\(i),\n" }
        for i in 0..<5 { csv += "WLD,\(2000 + i),ROU,\(i),\n" }
        let run = try ingest(inflowsSource, csv)
        #expect(run.report.failure == "no row accepted: 110 read, 105 quarantined, 5 filtered")
        #expect(
            (run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (110, 0, 105, 5))
        #expect(
            run.diagnostics(.noRowAccepted)[0].hint
                == "every row was rejected or filtered (most filtered: \(Self.worldBank)): fix the problems reported "
                + "for this file, and check filter and exclude"
        )
    }

    @Test func oneAcceptedRowIsEnough() throws {
        let run = try ingest(
            inflowsSource + "\nmax_error_rate: 1", header + "QQQ,2019,ROU,5,\nWLD,2019,ROU,5,\nMDA,2019,ROU,5,\n")
        #expect(run.report.status == .ok)
        #expect(run.diagnostics(.noRowAccepted).isEmpty)
    }

    /// Past the cap on diagnostics, the one that says why the source failed is still kept.
    @Test func theReasonSurvivesTheDiagnosticCap() throws {
        var csv = header
        for i in 0..<1500 { csv += "QQQ,2019,ROU,\(i),\n" }
        let run = try ingest(inflowsSource, csv)
        #expect(run.report.diagnosticsTruncated)
        #expect(run.report.diagnostics.first?.rule == .noRowAccepted)
        #expect(run.report.failure == "no row accepted: 1500 read, 1500 quarantined, 0 filtered")
    }
}
