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
        let run = try ingest(
            """
            domain: population
            layout: { kind: wide, header_row: 9 }
            columns: { ref_area: code }
            """, "code,2019\nMDA,1\n")
        #expect(run.report.status == .failed)
        #expect(run.diagnostics(.emptyFile).first?.hint.contains("layout.header_row") == true)
    }

    @Test func footerAndPreambleAreNotedNotCounted() throws {
        let run = try ingest(
            """
            domain: population
            layout: { kind: wide, header_row: 3, skip_footer: 2 }
            columns: { ref_area: code }
            """, "Data Source,WDI\n\ncode,2019\nMDA,1\nBGD,2\n,\nLast Updated: 2021\n")
        #expect(run.report.rowsRead == 2)
        #expect(
            run.report.framing
                == "header at line 3; 1 preamble record(s) above it skipped; footer: 2 record(s) skipped (lines 6-7)")
    }

    /// `skip_footer` on a file whose footer the export stopped writing: the records it would
    /// skip are data, so the source fails and names them (issue 13, point 9), rather than
    /// publish without Moldova and Bangladesh.
    @Test func aFooterThatReadsAsDataFailsTheSource() throws {
        let layout = """
            domain: population
            layout: { kind: wide, skip_footer: 2 }
            columns: { ref_area: code }
            """
        let run = try ingest(layout, "code,2019\nJAM,3\nMDA,1\nBGD,2\n")
        #expect(run.report.status == .failed)
        let d = try #require(run.diagnostics(.footerIsData).first)
        #expect(d.line == 3)
        #expect(d.message.contains("(lines 3-4) read as data rows"))
        #expect(d.hint.contains("layout.skip_footer"))
        // Notes at the end are a footer: nothing to say.
        let notes = try ingest(layout, "code,2019\nJAM,3\nMDA,1\n,\nSource: WDI\n")
        #expect(notes.report.status == .ok && notes.report.accepted == 2)
    }
}

/// Options of the wide and SDMX layouts not covered by the real-file tests.
@Suite struct LayoutOptionTests {
    /// tps00177 figures (BE 2010 '66013 b', 2008 ':') in a comma-separated wide file.
    @Test func wideWithValueFlags() throws {
        let run = try ingest(
            """
            domain: outflows
            layout: { kind: wide, value_flags: true }
            columns: { ref_area: geo }
            """, "geo,2008,2010,2019\nBE,: c,66013 b,102936 \n")
        #expect(run.report.quarantined == 0)
        let byYear = Dictionary(uniqueKeysWithValues: run.accepted.map { ($0.year, $0) })
        #expect(byYear[2010]?.value == 66013)
        #expect(byYear[2010]?.status.code == "B")
        #expect(byYear[2008]?.value == nil)
        #expect(byYear[2008]?.status.code == "Q", "': c' is confidential: missing, suppressed")
        #expect(byYear[2019]?.value == 102_936)
    }

    /// SDMX-CSV 2.0 with labels "both": `geo: Geopolitical entity` headers, `AT: Austria` codes.
    @Test func sdmxLabelsBothAndConfidentiality() throws {
        let csv =
            "STRUCTURE,STRUCTURE_ID,ACTION,geo: Geopolitical entity,TIME_PERIOD: Time,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"
            + "dataflow,ESTAT:TPS00177(1.0),I,AT: Austria,2019,68280,,\n"
            + "dataflow,ESTAT:TPS00177(1.0),I,BE: Belgium,2019,,,C\n"
        let run = try ingest(
            """
            domain: outflows
            layout: { kind: sdmx-csv }
            columns: { ref_area: geo }
            """, csv)
        #expect(run.report.quarantined == 0)
        #expect(run.value("AUT", 2019)?.value == 68280)
        #expect(run.value("BEL", 2019)?.value == nil)
        #expect(run.value("BEL", 2019)?.status.code == "Q")
    }

    @Test func notAnSDMXFile() throws {
        let run = try ingest(
            "layout: { kind: sdmx-csv }\ndomain: outflows\ncolumns: { ref_area: geo }",
            "geo,TIME_PERIOD,OBS_VALUE\nAT,2019,1\n")
        #expect(run.report.status == .failed)
        #expect(run.diagnostics(.missingColumn).first?.message.contains("DATAFLOW (1.0) or STRUCTURE (2.0)") == true)
    }

    @Test func filterOnAColumnTheFileDoesNotHave() throws {
        let run = try ingest(
            """
            domain: outflows
            layout: { kind: eurostat-tsv }
            columns: { ref_area: geo }
            filter: { agedefinition: COMPLET }
            """, realHead("eurostat-tsv-flags/tps00177.tsv", lines: 3))
        #expect(run.report.status == .failed)
        #expect(
            run.diagnostics(.missingColumn).first?.message == "the file has no column 'agedefinition' (used by filter)")
    }
}

@Suite struct EurostatSpecialValueTests {
    /// `0n` (less than half the unit) and `12e` carry their flag against the number.
    @Test func flagsWrittenAgainstTheNumber() throws {
        let run = try ingest(
            """
            domain: outflows
            layout: { kind: eurostat-tsv }
            columns: { ref_area: geo }
            """, "unit,geo\\time\t2019 \t2020 \nNR,AT\t0n\t12e\n")
        #expect(run.report.quarantined == 0)
        #expect(run.accepted.map { $0.value ?? -1 } == [0, 12])
        #expect(run.accepted.map(\.status.code) == ["N", "E"])
    }

    @Test func sdmx2WithSubFieldSeparatorAndSemicolons() throws {
        let csv =
            "STRUCTURE[|];STRUCTURE_ID;ACTION;geo;TIME_PERIOD;OBS_VALUE\n"
            + "dataflow;ESTAT:TPS00177(1.0);I;AT;2019;68280\n"
        let run = try ingest("layout: { kind: sdmx-csv }\ndomain: outflows\ncolumns: { ref_area: geo }", csv)
        #expect(run.report.quarantined == 0)
        #expect(run.value("AUT", 2019)?.value == 68280)
    }
}

@Suite struct PeriodHeaderTests {
    /// World Bank API-style headers (`YR2019`), with the MDA figures of the WDI file.
    @Test func yrPrefixedYearsByDefault() throws {
        let run = try ingest(
            """
            domain: remittances
            layout: { kind: wide }
            columns: { ref_area: economy }
            constants: { direction: OUT, currency: USD }
            """, "economy,YR2019,YR2020\nMDA,179140000,206020000\n")
        #expect(run.value("MDA", 2020)?.value == 206_020_000)
        #expect(run.report.rowsRead == 2)
    }
}
