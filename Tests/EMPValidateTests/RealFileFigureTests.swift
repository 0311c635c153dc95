import EMPCore
import Testing

/// A figure per real file not checked elsewhere, read with the source block of
/// pipelines/real-world-alternatives.yml (or real-world.yml) on a slice of the file.
@Suite struct RealFileFigureTests {
    @Test func eurostatTps00001OldTSV() throws {
        // JAN,AD: 2010 '84082 ', 2011 '78115 b', 2014 ': ', 2018 '74794 e'.
        let run = try ingest(
            """
            domain: population
            layout: { kind: eurostat-tsv }
            columns: { ref_area: geo }
            filter: { indic_de: JAN }
            """, realLines("eurostat-tsv-flags/tps00001.tsv", header: 1, containing: ["JAN,AD\t"]))
        #expect(run.value("AND", 2010)?.value == 84082)
        #expect(run.value("AND", 2011)?.status.code == "B")
        #expect(run.value("AND", 2014)?.value == nil)
        #expect(run.value("AND", 2018).map { ($0.value, $0.status.code) }! == (74794, "E"))
    }

    @Test func eurostatAsylumSDMX2() throws {
        // AT 2008: citizen TOTAL 12750, citizen UA 140 (excluded: a part, not the total).
        let run = try ingest(
            """
            domain: inflows
            layout: { kind: sdmx-csv }
            columns: { ref_area: geo }
            constants: { reason: HUMANITARIAN }
            filter: { citizen: TOTAL, sex: T, age: TOTAL }
            """, realLines("eurostat-sdmx-csv/asylum_applicants_total.csv", header: 1, containing: ["Austria,2008"]))
        #expect(run.accepted.count == 1)
        #expect(run.value("AUT", 2008)?.value == 12750)
        #expect(run.value("AUT", 2008)?.dims.reason == "HUMANITARIAN")
        #expect(run.report.filteredByReason == ["filter: citizen=UA is not kept": 1])
    }

    @Test func unhcrDashMeansAllOrigins() throws {
        // 2008,Austria,-,AUT,-,37546 refugees.
        let run = try ingest(
            """
            domain: stocks
            columns:
              { ref_area: Country of Asylum ISO, partner: Country of Origin ISO, time_period: Year, value: Refugees }
            values: { partner: { "-": _T } }
            constants: { direction: IN }
            """, realHead("unhcr-refugees-eu/refugees_in_EU_plus_UK.csv", lines: 3))
        #expect(run.value("AUT", 2008)?.value == 37546)
    }

    @Test func bilateralStocksByNameWithNA() throws {
        // Census 2011: "Bulgaria","Austria" 13117; LFS 2016: Belgium → France 96005.32; NA is missing.
        let census = try ingest(
            """
            domain: stocks
            columns: { ref_area: dest, partner: orig, time_period: year, value: census }
            constants: { direction: IN }
            missing: ["NA"]
            """, realHead("eu-bilateral-migrant-stocks/Eurostat_census_2011.csv", lines: 60))
        #expect(census.value("AUT", 2011, partner: "BGR")?.value == 13117)
        #expect(census.value("BEL", 2011, partner: "AUT")?.value == nil, "NA")
        #expect(census.report.quarantined == 0)
        let lfs = try ingest(
            """
            domain: stocks
            columns: { ref_area: dest, partner: orig, time_period: year, value: LFS }
            constants: { direction: IN, age: Y15-64 }
            missing: ["NA"]
            """,
            realLines(
                "eu-bilateral-migrant-stocks/LFS_corrected_full_corridors.csv", header: 1,
                containing: ["\"Belgium->France\""]))
        #expect(lfs.value("FRA", 2016, partner: "BEL")?.value == 96005.32)
    }

    @Test func datahubGDPLongWithAggregates() throws {
        // Afghanistan,AFG,2000,3521418059.923445; the aggregate rows are filtered, not rejected.
        let run = try ingest(
            """
            domain: gdp
            columns: { ref_area: Country Code, time_period: Year, value: Value }
            """,
            realLines(
                "datahub-population-gdp-long/gdp.csv", header: 1, containing: ["AFG,2000,", "WLD,2000,", "EUU,2000,"]))
        #expect(run.value("AFG", 2000)?.value == 3_521_418_059.923445)
        #expect(run.report.filtered == 2)
        #expect(run.report.quarantined == 0)
    }
}
