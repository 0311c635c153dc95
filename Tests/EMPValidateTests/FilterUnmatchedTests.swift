import EMPCore
import Testing

/// A `filter` or `exclude` value that no row of its column holds fails the source, naming the
/// values the column does have (issue 18: a typo must not filter every row without a word).
@Suite struct FilterUnmatchedTests {
    static let hint =
        "check the spelling: values are compared exactly as the file writes them; emp inspect data.csv shows sample "
        + "values of each column"

    @Test func filterTypoOnALongFile() throws {
        var csv = "geo,year,agedef,persons\n"
        for i in 0..<5000 { csv += "MDA,\(1990 + i % 30),\(i % 2 == 0 ? "COMPLET" : "REACH"),\(i)\n" }
        let run = try ingest(
            """
            domain: outflows
            columns: { ref_area: geo, time_period: year, value: persons }
            filter: { agedef: COMPLETE }
            """, csv)
        #expect(run.report.status == .failed)
        #expect(run.report.failure == "filter-unmatched: filter agedef=COMPLETE matched no row")
        #expect(
            (run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (
                5000, 0, 0, 5000
            ))
        #expect(
            run.report.filteredByReason == [
                "filter: agedef=COMPLET is not kept": 2500, "filter: agedef=REACH is not kept": 2500,
            ])
        #expect(run.rules == ["filter-unmatched"], "the typo is the reason; no second diagnostic for the empty source")
        let d = run.diagnostics(.filterUnmatched)[0]
        #expect(d.message == "filter agedef=COMPLETE matched no row; the column has COMPLET, REACH")
        #expect(d.column == "agedef")
        #expect(d.value == "COMPLETE")
        #expect(d.line == nil)
        #expect(d.hint == Self.hint)
        #expect(
            d.rendered.hasPrefix("data.csv: column agedef: filter-unmatched: filter agedef=COMPLETE matched no row;"))
    }

    @Test func excludeValueAbsent() throws {
        let run = try ingest(
            inflowsSource + "\nexclude: { origin: UA }",
            "country,year,origin,persons,flag\nMDA,2019,ROU,5,\nMDA,2019,UKR,6,\n")
        #expect(run.report.status == .failed)
        #expect(run.report.failure == "filter-unmatched: exclude origin=UA matched no row")
        #expect(
            run.diagnostics(.filterUnmatched).map(\.message) == [
                "exclude origin=UA matched no row; the column has ROU, UKR"
            ])
        #expect((run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (2, 2, 0, 0))
    }

    @Test func oneListedValueAbsentFailsThoughOthersMatch() throws {
        let run = try ingest(
            """
            domain: inflows
            columns: { ref_area: country, time_period: year, sex: sex, value: persons }
            filter: { sex: [M, Femal] }
            """, "country,year,sex,persons\nMDA,2019,M,5\nMDA,2019,F,6\n")
        #expect(run.report.status == .failed)
        #expect(
            run.diagnostics(.filterUnmatched).map(\.message) == ["filter sex=Femal matched no row; the column has F, M"]
        )
        #expect((run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (2, 1, 0, 1))
    }

    /// pipelines/real-world-alternatives.yml keeps citizen TOTAL and excludes UA: the UA rows
    /// are dropped by the filter first, yet the exclude value is there, so the source passes.
    @Test func aValueOnRowsAnotherFilterDropsStillMatches() throws {
        let run = try ingest(
            """
            domain: inflows
            columns: { ref_area: geo, time_period: year, value: persons }
            filter: { citizen: TOTAL, sex: T }
            exclude: { citizen: UA }
            """, "geo,year,citizen,sex,persons\nAT,2008,TOTAL,T,12750\nAT,2008,UA,T,140\nAT,2008,TOTAL,F,5000\n")
        #expect(run.report.status == .ok)
        #expect(run.rules == [])
        #expect(run.report.filteredByReason == ["filter: citizen=UA is not kept": 1, "filter: sex=F is not kept": 1])
        #expect((run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (3, 1, 0, 2))
    }

    @Test func filterOnAnEurostatTSV() throws {
        let run = try ingest(
            """
            domain: outflows
            layout: { kind: eurostat-tsv }
            columns: { ref_area: geo }
            filter: { agedef: COMPLETE }
            """, realFile("eurostat-tsv-flags/tps00177.tsv"))
        #expect(run.report.status == .failed)
        #expect(
            run.diagnostics(.filterUnmatched).map(\.message) == [
                "filter agedef=COMPLETE matched no row; the column has COMPLET, REACH"
            ])
        #expect(
            (run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (
                66 * 12, 0, 0, 66 * 12
            ))
    }

    @Test func filterOnAWideFile() throws {
        let csv = realLines(
            "wdi-remittances-paid-wide/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv",
            header: 5, containing: ["\"MDA\"", "\"WLD\"", "\"DEU\""])
        let source = """
            domain: remittances
            encoding: utf-8-sig
            layout: { kind: wide, header_row: 5 }
            columns: { ref_area: Country Code }
            constants: { direction: OUT, currency: USD }
            """
        let typo = try ingest(source + "\nfilter: { Indicator Code: BM.TRF.PWKR.CD }", csv)
        #expect(typo.report.status == .failed)
        #expect(
            typo.diagnostics(.filterUnmatched).map(\.message)
                == ["filter Indicator Code=BM.TRF.PWKR.CD matched no row; the column has BM.TRF.PWKR.CD.DT"])
        #expect(
            (typo.report.rowsRead, typo.report.accepted, typo.report.quarantined, typo.report.filtered) == (
                3 * 61, 0, 0, 3 * 61
            ))
        let right = try ingest(source + "\nfilter: { Indicator Code: BM.TRF.PWKR.CD.DT }", csv)
        #expect(right.report.status == .ok)
        #expect(
            (right.report.rowsRead, right.report.accepted, right.report.filtered) == (3 * 61, 2 * 61, 61),
            "World is an aggregate")
    }

    @Test func filterOnAMatrix() throws {
        let run = try ingest(
            """
            domain: stocks
            layout: { kind: matrix, row_labels: origin, columns_name: residence }
            columns: { ref_area: residence, partner: origin }
            constants: { direction: IN, time_period: "2011" }
            filter: { origin: [BGR, ROM] }
            """, "origin,AUT,BEL\nBGR,1,2\nROU,3,4\n")
        #expect(run.report.status == .failed)
        #expect(
            run.diagnostics(.filterUnmatched).map(\.message) == [
                "filter origin=ROM matched no row; the column has BGR, ROU"
            ])
        #expect((run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (4, 2, 0, 2))
    }

    @Test func aLongListOfValuesIsCut() throws {
        var csv = "country,year,origin,persons,flag\n"
        for i in 0..<25 { csv += "MDA,\(1990 + i),ROU,\(i),\n" }
        let run = try ingest(
            """
            domain: inflows
            columns: { ref_area: country, time_period: year, partner: origin, value: persons }
            filter: { year: "2050" }
            """, csv)
        let years = (1990..<2010).map(String.init).joined(separator: ", ")
        #expect(
            run.diagnostics(.filterUnmatched).map(\.message) == [
                "filter year=2050 matched no row; the column has \(years) … and 5 more"
            ])
    }

    /// Past 1,000 distinct texts a column's values are no longer collected (memory stays
    /// flat); a match is still seen, and the message says there were more.
    @Test func distinctValuesAreBounded() throws {
        var csv = "country,year,code,persons\n"
        for i in 0..<3000 { csv += "MDA,2019,C\(String(format: "%04d", i)),\(i)\n" }
        let source = """
            domain: inflows
            columns: { ref_area: country, time_period: year, value: persons }
            exclude: { code:
            """
        let absent = try ingest(source + " [C9999] }", csv)
        let first20 = (0..<20).map { String(format: "C%04d", $0) }.joined(separator: ", ")
        #expect(
            absent.diagnostics(.filterUnmatched).map(\.message) == [
                "exclude code=C9999 matched no row; the column has \(first20) … and over 980 more"
            ])
        let late = try ingest(source + " [C2999] }", csv)
        #expect(late.diagnostics(.filterUnmatched).isEmpty, "the last row matches, past the bound")
        #expect(late.report.filteredByReason == ["exclude: code=C2999": 1])
    }

    @Test func aFilterOnAHeaderOnlyFileSaysTheFileIsEmpty() throws {
        let run = try ingest(inflowsSource + "\nfilter: { origin: ROU }", "country,year,origin,persons,flag\n")
        #expect(run.rules == ["empty-file"])
        #expect(run.report.failure == "empty-file: the file has a header but no data rows")
    }

    @Test func aMissingColumnKeepsItsOwnFailure() throws {
        let run = try ingest(
            inflowsSource + "\nfilter: { origin: ROM }", "country,year,origin,Persons,flag\nMDA,2019,ROU,5,\n")
        #expect(run.report.failure == "missing-column: the file has no column 'persons' (mapped to value)")
        #expect(run.rules == ["filter-unmatched", "missing-column"], "both problems are reported in one pass")
    }
}
