import EMPCore
import Testing

/// Where the table sits in the file, and how problems of wide lines are reported.
@Suite struct FramingTests {
    static let wide = """
        domain: population
        layout: { kind: wide }
        columns: { ref_area: code }
        """

    @Test func aBadCodeOnAWideLineIsReportedOnceForAllItsCells() throws {
        let run = try ingest(Self.wide, "code,2018,2019,2020\nQQQ,1,2,3\nMDA,4,5,6\n")
        #expect(run.report.quarantined == 3, "each cell is a row")
        #expect(run.report.countsByRule["unknown-country"] == 3)
        let d = run.diagnostics(.unknownCountry)
        #expect(d.count == 1)
        #expect(d.first?.cells == 3)
        #expect(d.first?.rendered.contains("[3 cells]") == true)
        #expect(run.quarantine.split(separator: "\n").count == 4, "the quarantine has every cell")
    }

    @Test func headerRowPastTheEndSaysSo() throws {
        let run = try ingest("""
            domain: population
            layout: { kind: wide, header_row: 9 }
            columns: { ref_area: code }
            """, "code,2019\nMDA,1\n")
        #expect(run.report.status == .failed)
        #expect(run.diagnostics(.emptyFile).first?.hint.contains("layout.header_row") == true)
    }

    @Test func footerAndPreambleAreNotedNotCounted() throws {
        let run = try ingest("""
            domain: population
            layout: { kind: wide, header_row: 3, skip_footer: 2 }
            columns: { ref_area: code }
            """, "Data Source,WDI\n\ncode,2019\nMDA,1\nBGD,2\n,\nLast Updated: 2021\n")
        #expect(run.report.rowsRead == 2)
        #expect(run.report.framing == "header at line 3; 1 preamble record(s) above it skipped; footer: 2 record(s) skipped (lines 6-7)")
    }
}
