import EMPAggregate
import EMPCore
import EMPIndicators
import EMPValidate  // ObsStatus.parse: flags from the shipped SDMX list
import Testing

func flag(_ code: String) -> ObsStatus { ObsStatus.parse(code)! }

func obs(
    _ domain: Domain, _ dir: Direction?, _ value: Double?, year: Int = 2019, status: String = "A",
    _ dims: [Dimensions.Field: String] = [:]
) -> Observation {
    var d = Dimensions()
    for (k, v) in dims { d[k] = v }
    return Observation(
        domain: domain, refArea: "MDA", year: year, direction: dir, dims: d, value: value,
        status: flag(status), line: 0)
}

extension [IndicatorValue] {
    func one(_ id: String, year: Int = 2019) -> IndicatorValue? {
        let hits = filter { $0.indicator == id && $0.year == year }
        return hits.count == 1 ? hits[0] : nil
    }
}

/// A profile built by hand; every expected value below is worked out from these numbers.
func sampleCube() -> Cube {
    let cube = Cube()
    let rows: [Observation] = [
        Observation(
            domain: .population, refArea: "MDA", year: 2019, direction: nil, dims: Dimensions(), value: 2_000_000,
            status: .normal, line: 0),
        Observation(
            domain: .gdp, refArea: "MDA", year: 2019, direction: nil, dims: Dimensions(), value: 1_000, status: .normal,
            line: 0),
        obs(.inflows, .inbound, 800, year: 2018),
        obs(.inflows, .inbound, 1000, status: "B", [.partner: "_T"]),
        obs(.inflows, .inbound, 400, [.partner: "ROU"]),
        obs(.inflows, .inbound, 300, [.partner: "UKR"]),
        obs(.inflows, .inbound, 300, [.partner: "ITA"]),
        obs(.outflows, .outbound, 1500, status: "P"),
        obs(.gender, .outbound, 300, [.sex: "F"]), obs(.gender, .outbound, 600, [.sex: "M"]),
        obs(.gender, .outbound, 100, [.sex: "_U"]),
        obs(.skills, .outbound, 50, [.education: "HIGH", .age: "Y_GE25"]),
        obs(.skills, .outbound, 30, [.education: "3", .age: "Y_GE25"]),
        obs(.skills, .outbound, 20, [.education: "LOW", .age: "Y_GE25"]),
        obs(.skills, .outbound, 10, [.education: "_U", .age: "Y_GE25"]),
        obs(.skills, .outbound, 500, [.education: "LOW", .age: "Y_LT25"]),
        obs(.duration, .outbound, 80, [.duration: "GE12M"]), obs(.duration, .outbound, 20, [.duration: "M3-11"]),
        obs(.duration, .outbound, 50, [.duration: "LT3M"]),
        obs(.duration, .inbound, 10, [.reason: "SEASONAL_WORK"]),
        obs(.duration, .inbound, 5, [.reason: "HUMANITARIAN"]),
        obs(.duration, .inbound, 85, [.reason: "WORK"]), obs(.duration, .inbound, 25, [.reason: "_U"]),
        obs(.sectors, .outbound, 10, [.sector: "A"]), obs(.sectors, .outbound, 30, [.sector: "Q"]),
        obs(.sectors, .outbound, 60, [.sector: "C"]),
        obs(.sectors, .outbound, 40, [.occupation: "5"]), obs(.sectors, .outbound, 60, [.occupation: "9"]),
        obs(.sectors, .outbound, 20, [.occupation: "53"]),
        obs(.remittances, .inbound, 100, status: "E"), obs(.remittances, .outbound, 40),
        obs(.remittances, .inbound, 80, year: 2018),
    ]
    rows.forEach(cube.add)
    return cube
}

@Suite struct IndicatorEngineTests {
    /// Every indicator of every year as the engine computes it, before the series are trimmed
    /// to their values (what these tests check: a missing input is missing, with its flag).
    let rows = everyYear(IndicatorEngine(cube: sampleCube()))

    @Test func flowsAndRates() {
        #expect(rows.one("imm_inflow")?.value == 1000)
        #expect(rows.one("imm_inflow")?.status.code == "B")
        #expect(rows.one("emi_outflow")?.value == 1500)
        #expect(rows.one("net_migration")?.value == -500)
        #expect(rows.one("net_migration")?.status.code == "B", "B outranks P")
        #expect(rows.one("net_migration_rate")?.value == -0.25)
        #expect(rows.one("imm_rate")?.value == 0.5)
        #expect(rows.one("emi_rate")?.value == 0.75)
        #expect(rows.one("emi_rate")?.status.code == "P")
    }

    @Test func growthAcrossABreakCarriesTheFlag() {
        let g = rows.one("imm_inflow_yoy_pct")
        #expect(g?.value == 25)
        #expect(g?.status.code == "B")
        #expect(rows.one("emi_outflow_yoy_pct")?.value == nil, "no 2018 outflow")
        #expect(rows.one("emi_outflow_yoy_pct")?.status.code == "O")
        #expect(rows.one("imm_inflow_yoy_pct", year: 2018)?.value == nil)
    }

    @Test func sharesKeepUnknownsOutOfTheDenominator() {
        #expect(rows.one("share_female_outflow")?.value == 100.0 * 300 / 900)
        #expect(rows.one("share_sex_unknown_outflow")?.value == 10)
        #expect(rows.one("share_female_inflow")?.value == nil)
        #expect(rows.one("share_female_inflow")?.status.code == "O")
    }

    @Test func skillSharesUseAge25Plus() {
        #expect(rows.one("share_high_skilled_emi")?.value == 50)
        #expect(rows.one("share_mid_skilled_emi")?.value == 30)
        #expect(rows.one("share_low_skilled_emi")?.value == 20)
        #expect(rows.one("share_isced_unknown_emi")?.value == 100.0 * 10 / 110)
    }

    @Test func durationAndReason() {
        #expect(rows.one("share_long_term_outflow")?.value == 80)
        #expect(rows.one("share_short_term_outflow")?.value == 20)
        #expect(rows.one("share_duration_unknown_outflow")?.value == 0)
        #expect(rows.one("share_seasonal_inflow")?.value == 10)
        #expect(rows.one("share_forced_inflow")?.value == 5)
        #expect(rows.one("share_reason_unknown_inflow")?.value == 20)
    }

    @Test func sectorsAndCareWorkers() {
        let dist = rows.filter { $0.indicator == "sector_dist_emi" && $0.year == 2019 }
        #expect(dist.map(\.sector) == ["A", "C", "Q"])
        #expect(dist.map(\.value) == [10, 60, 30])
        #expect(rows.one("share_care_workers_emi")?.value == 20)
        #expect(rows.one("share_care_workers_imm")?.value == nil)
    }

    @Test func remittances() {
        #expect(rows.one("remit_in_usd")?.value == 100)
        #expect(rows.one("remit_in_usd")?.status.code == "E")
        #expect(rows.one("remit_net_usd")?.value == 60)
        #expect(rows.one("remit_net_usd")?.status.code == "E")
        #expect(rows.one("remit_in_pct_gdp")?.value == 10)
        #expect(rows.one("remit_in_per_capita")?.value == 0.00005)
        #expect(rows.one("remit_in_usd_yoy_pct")?.value == 25)
    }

    @Test func topCorridorsWithTheTieRule() {
        let top = rows.filter { $0.indicator == "top_corridor_imm_inflow" && $0.year == 2019 }
        #expect(top.map(\.counterpart) == ["ROU", "ITA", "UKR"], "ITA and UKR tie at 300: ITA sorts first")
        #expect(top.map(\.rank) == ["1", "2", "3"])
        let shares = rows.filter { $0.indicator == "top_corridor_imm_inflow_share" && $0.year == 2019 }
        #expect(shares.map(\.value) == [40, 30, 30])
        #expect(shares[0].status.code == "B")
    }

    @Test func missingInputsAreMissingNeverZero() {
        for id in ["imm_stock", "emi_stock", "imm_stock_pct_pop", "emi_rate_stock", "top_corridor_emi_stock"] {
            #expect(rows.one(id)?.value == nil, "\(id)")
            #expect(rows.one(id)?.status.isMissing == true, "\(id)")
        }
        #expect(rows.one("net_migration_rate", year: 2018)?.status.code == "O", "no 2018 population")
    }

    @Test func coverageCountsDomains() {
        #expect(rows.one("coverage_domains")?.value == 7)
        #expect(rows.one("coverage_domains", year: 2018)?.value == 2)
    }

    /// A domain covers a year only with a value there: a table of missing values covers nothing.
    @Test func coverageCountsOnlyDomainsWithAValue() {
        let cube = Cube()
        cube.add(obs(.inflows, .inbound, nil, year: 2008, status: "O"))
        cube.add(obs(.inflows, .inbound, 100, year: 2009))
        cube.add(obs(.stocks, .inbound, nil, year: 2009, status: "O"))
        let engine = IndicatorEngine(cube: cube)
        let rows = everyYear(engine)
        #expect(rows.one("coverage_domains", year: 2008)?.value == 0)
        #expect(rows.one("coverage_domains", year: 2009)?.value == 1, "the stocks table holds no value")
        #expect(engine.result("MDA").domains == [2009: [.inflows]])
        #expect(engine.result("MDA").years == [2008, 2009], "2008 is computed: its missing value keeps its row")
    }

    /// `coverage_domains` is a series from the first year with data to the last: the 0 of a
    /// year with only a population before or after is not published, the 0 between is.
    @Test func coverageRunsFromTheFirstYearWithDataToTheLast() {
        let cube = Cube()
        for year in 2006...2012 { cube.add(obs(.population, nil, 1000, year: year)) }
        // Years with a table of missing values only, before, between and after the data.
        for year in [2006, 2009, 2012] { cube.add(obs(.stocks, .inbound, nil, year: year, status: "O")) }
        cube.add(obs(.inflows, .inbound, 100, year: 2008))
        cube.add(obs(.inflows, .inbound, 120, year: 2010))
        let engine = IndicatorEngine(cube: cube)
        #expect(
            everyYear(engine).filter { $0.indicator == "coverage_domains" }.map(\.year) == [
                2006, 2008, 2009, 2010, 2012,
            ])
        let published = engine.compute("MDA").filter { $0.indicator == "coverage_domains" }
        #expect(published.map(\.year) == [2008, 2009, 2010])
        #expect(published.map(\.value) == [1, 0, 1])
    }

    /// Partners at 0 are not corridors: only positive values rank.
    @Test func zeroPartnersDoNotRank() {
        let cube = Cube()
        for (partner, value) in [("ITA", 50.0), ("RUS", 30), ("ROU", 10), ("DEU", 0), ("FRA", 0)] {
            cube.add(obs(.inflows, .inbound, value, [.partner: partner]))
        }
        let rows = IndicatorEngine(cube: cube).computeAll()
        let top = rows.filter { $0.indicator == "top_corridor_imm_inflow" }
        #expect(top.map(\.counterpart) == ["ITA", "RUS", "ROU"])
        #expect(rows.one("imm_inflow")?.value == 90)
    }

    @Test func everyCountryYearHasTheSameIndicators() {
        let ids2018 = Set(rows.filter { $0.year == 2018 }.map(\.indicator))
        let ids2019 = Set(rows.filter { $0.year == 2019 }.map(\.indicator))
        #expect(ids2018 == ids2019)
        #expect(ids2019.count >= 50)
    }

    /// What is published: each series from its first value to its last, the missing years
    /// inside kept with their flag; a series without any value is not published.
    @Test func seriesRunFromTheirFirstValueToTheirLast() {
        let published = IndicatorEngine(cube: sampleCube()).computeAll()
        #expect(published.one("imm_stock") == nil, "no stock input: no series")
        #expect(published.one("share_female_inflow") == nil, "no inflow by sex")
        #expect(published.one("imm_inflow", year: 2018)?.value != nil && published.one("imm_inflow")?.value != nil)
        // No year has an outflow and the one before it: the outflow growth has no value, no series;
        // the inflow's has 2019 only, so its 2018 row (missing) goes.
        #expect(!published.contains { $0.indicator == "emi_outflow_yoy_pct" })
        #expect(
            published.one("imm_inflow_yoy_pct")?.value == 25 && published.one("imm_inflow_yoy_pct", year: 2018) == nil)
        #expect(published.allSatisfy { $0.value != nil || $0.status.isMissing })
        let trimmed = IndicatorValue.trimmedToSeries([
            row("x", 2016, nil), row("x", 2017, 5), row("x", 2018, nil), row("x", 2019, 7), row("x", 2020, nil),
            row("y", 2016, nil), row("y", 2017, nil),
        ])
        #expect(trimmed.map(\.year) == [2017, 2018, 2019], "the gap inside stays, the padding around goes")
        #expect(trimmed[1].status.code == "O")
    }

    func row(_ id: String, _ year: Int, _ value: Double?) -> IndicatorValue {
        IndicatorValue(
            refArea: "MDA", indicator: id, year: year,
            amount: value.map { Amount(value: $0, status: .normal) } ?? .missing(), unit: "PS")
    }

    @Test func divisionByZeroIsUndefinedNotInfinite() {
        let cube = Cube()
        cube.add(obs(.inflows, .inbound, 0, year: 2018))
        cube.add(obs(.inflows, .inbound, 10))
        let g = everyYear(IndicatorEngine(cube: cube)).one("imm_inflow_yoy_pct")
        #expect(g?.value == nil)
        #expect(g?.status.code == "M")
    }

    @Test func microdataFeedsEveryBreakdownInExactCents() {
        let cube = Cube()
        func micro(_ w: Double, _ dims: [Dimensions.Field: String]) -> Observation {
            var o = obs(.microdata, .inbound, w, dims)
            o.domain = .microdata
            return o
        }
        cube.add(
            micro(
                0.1,
                [
                    .sex: "F", .partner: "ROU", .education: "6", .age: "Y_GE25", .duration: "GE12M",
                    .reason: "HUMANITARIAN", .sector: "Q", .occupation: "5",
                ]))
        cube.add(
            micro(
                0.2,
                [
                    .sex: "M", .partner: "UKR", .education: "2", .age: "Y_GE25", .duration: "M3-11", .reason: "WORK",
                    .sector: "C", .occupation: "7",
                ]))
        let rows = IndicatorEngine(cube: cube).computeAll()
        #expect(rows.one("imm_inflow")?.value == 0.3)
        #expect(rows.one("share_female_inflow")?.value == 100 * (0.1 / 0.3))
        #expect(rows.one("share_high_skilled_imm")?.value == 100 * (0.1 / 0.3))
        #expect(rows.one("share_long_term_inflow")?.value == 100 * (0.1 / 0.3))
        #expect(rows.one("share_forced_inflow")?.value == 100 * (0.1 / 0.3))
        #expect(rows.one("share_care_workers_imm")?.value == 100 * (0.1 / 0.3))
        #expect(rows.filter { $0.indicator == "top_corridor_imm_inflow" }.map(\.counterpart) == ["UKR", "ROU"])
    }
}

/// The engine's rows for every country and year, untrimmed.
func everyYear(_ engine: IndicatorEngine) -> [IndicatorValue] {
    engine.cube.countries.flatMap { c in engine.cube.years(of: c).flatMap { engine.compute(c, $0) } }
}

/// The ids the tables can hold (the SDMX code list of indicators is made from them).
@Suite struct TableIDTests {
    @Test func everyIdTheEngineWritesIsATableIdWithItsCatalogueEntry() {
        let ids = Dictionary(uniqueKeysWithValues: Catalogue.tableIDs.map { ($0.id, $0.definition.id) })
        let written = Set(
            (IndicatorEngine(cube: sampleCube()).computeAll()
                + IndicatorEngine(cube: ConcentrationGrowthCostTests.costCube()).computeAll()).map(\.indicator))
        #expect(written.subtracting(ids.keys).isEmpty, "not listed: \(written.subtracting(ids.keys).sorted())")
        // 64, 19 for costs, concentration and growth, 15 for refugees, asylum and returns, 12 for
        // the age structure, 2 for the brain drain (issue 14).
        #expect(ids.count == 112 && ids["share_female_stock"] == "share_female_<dir>")
        #expect(ids["remit_cost_receive_avg_pct"] == "remit_cost_<send|receive>_avg_pct")
        #expect(ids["share_long_term_stock"] == nil)
        // Every catalogue entry stands for at least one id.
        #expect(Set(ids.values) == Set(Catalogue.all.map(\.id)))
    }

    @Test func anIdResolvesToTheMostSpecificEntry() {
        #expect(Catalogue.definition(of: "top_corridor_emi_stock_share")?.id == "top_corridor_<x>_share")
        #expect(Catalogue.definition(of: "top_corridor_emi_stock")?.id == "top_corridor_<x>")
        #expect(Catalogue.definition(of: "share_high_skilled_imm")?.id == "share_high_skilled_<imm|emi>")
        #expect(Catalogue.definition(of: "remit_in_usd_yoy_pct")?.id == "<x>_yoy_pct")
        #expect(Catalogue.definition(of: "remit_in_usd_cagr_pct")?.id == "<x>_cagr_pct")
        #expect(Catalogue.definition(of: "partner_hhi_remit_in")?.id == "partner_hhi_<x>")
        for t in Catalogue.tableIDs { #expect(Catalogue.definition(of: t.id)?.id == t.definition.id, "\(t.id)") }
    }
}
