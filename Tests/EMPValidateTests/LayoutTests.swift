import EMPCore
import Testing

/// One test per layout, each on a slice of a real file, checking figures against the file.
@Suite struct LayoutTests {
    @Test func wideWorldBankWithPreambleBOMAndTrailingColumn() throws {
        let csv = realLines(
            "wdi-remittances-paid-wide/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv",
            header: 5, containing: ["\"MDA\"", "\"WLD\"", "\"DEU\""])
        let run = try ingest(
            """
            domain: remittances
            encoding: utf-8-sig
            layout: { kind: wide, header_row: 5 }
            columns: { ref_area: Country Code }
            constants: { direction: OUT, currency: USD }
            """, csv)
        #expect(run.report.status == .ok)
        #expect(run.report.rowsRead == 3 * 61, "one row per year cell, 1960-2020")
        #expect(run.report.filtered == 61, "World: an aggregate, one row per year")
        #expect(run.report.filteredByReason["ref_area is an aggregate, not a country (World Bank aggregate)"] == 61)
        #expect(run.value("MDA", 2019)?.value == 179_140_000)
        #expect(run.value("DEU", 2015)?.value == 18_248_805_576.3985)
        #expect(run.value("MDA", 1960)?.value == nil)
        #expect(run.value("MDA", 1960)?.status.code == "O", "an empty cell is kept as missing")
        #expect(run.value("MDA", 2019)?.line == 7 || run.value("MDA", 2019)?.line == 8, "the physical line")
    }

    @Test func wideDataBankQuarterHeadersMissingMarkerAndFooter() throws {
        let run = try ingest(
            """
            domain: remittances
            encoding: utf-8-sig
            layout: { kind: wide, skip_footer: 5 }
            columns: { ref_area: Receiving Countries  Code, partner: Sending Countries Code }
            constants: { direction: IN, currency: USD }
            missing: [".."]
            """, realFile("wb-databank-remittance-corridors/corridors-slice.csv"))
        #expect(run.report.rowsRead == 8 * 35, "8 data lines × 35 quarters; the 5 footer lines are not rows")
        let quarters = run.diagnostics(.badYear)
        #expect(quarters.count == run.report.quarantined)
        #expect(quarters.first?.value == "2011Q1")
        #expect(quarters.first?.column == "2011Q1 [YR2011Q1]", "the error names the physical column")
        #expect(quarters.first?.message.contains("sub-annual") == true)
        #expect(run.report.quarantined == 280, "a quarter is not a year, even where the cell is '..'")
        #expect(run.report.framing == "footer: 5 record(s) skipped (lines 10-14)")
        #expect(run.quarantine.contains("15.8252944946289"), "the first cost (AUS → FJI 2011Q1) is in the quarantine")
    }

    @Test func widePrefixedYearsWithNameColumnLast() throws {
        let run = try ingest(
            """
            domain: population
            layout: { kind: wide, period_columns: '^pop(\\d{4})$' }
            columns: { ref_area: countrycode }
            """, realHead("wdi-pop-gdppc-prefixed-wide/pop.csv", lines: 4))
        #expect(run.report.rowsRead == 3 * 29)
        #expect(run.value("ABW", 1990)?.value == 62149)
        #expect(run.value("AFG", 1990)?.value == 12_249_114)
        #expect(run.value("ABW", 2018)?.value == nil, "2018 is empty in the file")
    }

    @Test func fiveYearPeriodsAreRejectedNotRelabelled() throws {
        let run = try ingest(
            """
            domain: inflows
            layout: { kind: wide, period_columns: '^countryflow_(\\d{4})$', period_span: 5 }
            columns: { ref_area: country_dest_id, partner: country_orig_id }
            """, realHead("abel-sander-bilateral-flows/migrationdata-head.csv", lines: 4))
        #expect(run.report.accepted == 0)
        #expect(run.report.quarantined == 3 * 4)
        let d = run.diagnostics(.badYear)
        #expect(d.first?.value == "1990-1995")
        #expect(d.first?.message.contains("5-year period") == true)
        #expect(d.first?.column == "countryflow_1990")
    }

    @Test func eurostatTSVWithFlagsAndTwoAgeDefinitions() throws {
        let run = try ingest(
            """
            domain: outflows
            layout: { kind: eurostat-tsv }
            columns: { ref_area: geo }
            filter: { agedef: COMPLET }
            """, realFile("eurostat-tsv-flags/tps00177.tsv"))
        #expect(run.report.status == .ok)
        #expect(run.report.rowsRead == 66 * 12)
        #expect(run.report.filtered == 33 * 12, "the REACH rows are counted, not summed")
        #expect(run.report.quarantined == 0)
        let be = run.value("BEL", 2010)
        #expect(be?.value == 66013)
        #expect(be?.status.code == "B", "'66013 b': break in series")
        #expect(run.value("BEL", 2008)?.value == nil, "':' is missing")
        #expect(run.value("GRC", 2008)?.value == 43044, "EL is Greece")
        #expect(run.value("GBR", 2018)?.status.code == "P", "UK, '344347 p'")
        #expect(run.value("DEU", 2016)?.status.code == "B", "'533762 be': the worst flag, b")
        #expect(run.value("DEU", 2016)?.value == 533_762)
        #expect(run.value("AUT", 2008)?.direction == .outbound)
    }

    @Test func eurostatTSVNewFormatAndAggregates() throws {
        let run = try ingest(
            """
            domain: population
            layout: { kind: eurostat-tsv }
            columns: { ref_area: geo }
            """,
            realLines(
                "eurostat-tsv-flags/demo_pjangroup__custom_1879586_page_tabular.tsv", header: 1,
                containing: [",AD\t", ",EU27_2020\t", ",DE_TOT\t"]))
        #expect(run.value("AND", 2005)?.value == 76875, "'76875.0' in an integer row")
        #expect(run.value("AND", 1960)?.status.code == "O")
        #expect(run.report.filtered == 2 * 62, "EU27_2020 and DE_TOT are kept apart")
        #expect(run.report.quarantined == 0)
    }

    @Test func sdmxCSV1WithCountryNames() throws {
        let run = try ingest(
            """
            domain: inflows
            layout: { kind: sdmx-csv }
            columns: { ref_area: geo }
            """,
            realLines(
                "eurostat-sdmx-csv/migration_permits_issued.csv", header: 1,
                containing: ["Austria,", "Czechia,", "European Union"]))
        #expect(run.report.quarantined == 0)
        #expect(run.value("AUT", 2012)?.value == 37816)
        #expect(run.value("CZE", 2012) != nil, "Czechia matched through iso-codes names")
        #expect(run.report.filteredByReason.keys.contains { $0.contains("Eurostat aggregate") })
    }

    @Test func sdmxCSV2CodesAndLabelsWithFlagsAndThousands() throws {
        let run = try ingest(
            """
            domain: gender
            layout: { kind: sdmx-csv }
            columns: { ref_area: geo, sex: sex, age: age, unit_mult: unit }
            values: { unit_mult: { THS_PER: "3" } }
            constants: { direction: IN }
            filter: { wstatus: EMP }
            """, realHead("eurostat-sdmx-csv/population_by_sex_age_labour_status_foreigners.csv", lines: 40))
        #expect(run.report.quarantined == 0)
        #expect(run.value("AUT", 2014, sex: "F")?.value == 244_800, "244.8 thousand")
        #expect(run.report.filtered == 0, "the first rows are all employed")
    }

    @Test func sdmxCSV2FlagsAndSemicolonSeparator() throws {
        // SDMX-CSV 2.0 as written in a decimal-comma locale: `;` read from the header.
        let csv =
            "STRUCTURE;STRUCTURE_ID;ACTION;geo;TIME_PERIOD;OBS_VALUE;OBS_STATUS\n"
            + "dataflow;ESTAT:TPS00177(1.0);I;AT;2019;68280,0;\n"
            + "dataflow;ESTAT:TPS00177(1.0);I;BE;2010;66013;b\n"
            + "dataflow;ESTAT:TPS00177(1.0);D;BE;2009;;\n"
        let run = try ingest(
            """
            domain: outflows
            layout: { kind: sdmx-csv }
            dialect: { decimal: "," }
            columns: { ref_area: geo }
            """, csv)
        #expect(run.value("AUT", 2019)?.value == 68280)
        #expect(run.value("BEL", 2010)?.status.code == "B")
        #expect(run.report.filteredByReason["ACTION=D: a deletion instruction, not an observation"] == 1)
    }

    @Test func matrixWithM49CodesAndTotals() throws {
        let run = try ingest(
            """
            domain: stocks
            layout: { kind: matrix, row_labels: origin, columns_name: residence, totals: [Total] }
            columns: { ref_area: residence, partner: origin }
            constants: { direction: IN, time_period: "2011" }
            """, realFile("eu-bilateral-migrant-stocks/census-2011-matrix-slice.csv"))
        #expect(run.report.status == .ok)
        #expect(run.report.quarantined == 0, "the Total row equals the sum of its cells")
        #expect(run.value("AUT", 2011, partner: "BGR")?.value == 13117, "'100 (Bulgaria) → '040 (Austria)")
        #expect(run.value("HRV", 2011, partner: "AUT")?.value == 3877)
        #expect(run.value("AUT", 2011)?.value == 43669, "the Total row is partner _T, not a fourth partner")
        #expect(run.report.filteredByReason["matrix diagonal: ''040' to itself, no value"] == 1)
        #expect(
            run.report.filtered == 3 + 4, "3 empty diagonal cells, 4 cells of the Total column (a sum over countries)")
        #expect(run.report.rowsRead == 16)
    }

    @Test func raggedLineInAWideFileIsOneQuarantinedRow() throws {
        let run = try ingest(
            """
            domain: population
            layout: { kind: wide }
            columns: { ref_area: code }
            """, "code,2019,2020\nMDA,1,2\nBGD,3\nJAM,5,6\n")
        #expect(run.report.rowsRead == 5)
        #expect(run.report.quarantined == 1)
        #expect(run.diagnostics(.raggedRow).first?.line == 3)
        #expect(run.quarantine.contains("BGD"))
    }

    @Test func noPeriodColumnBlocksTheFile() throws {
        let run = try ingest(
            """
            domain: population
            layout: { kind: wide }
            columns: { ref_area: code }
            """, "code,y2019\nMDA,1\n")
        #expect(run.report.status == .failed)
        #expect(run.diagnostics(.missingColumn).first?.hint.contains("period_columns") == true)
    }
}
