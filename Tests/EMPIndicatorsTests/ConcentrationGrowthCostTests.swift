import EMPAggregate
import EMPCore
import EMPIndicators
import Testing

/// A corridor cost as a measures source gives it: `from` → `to` when the row is the sender's
/// (OUT), `to` ← `from` seen by the receiver (IN) otherwise.
func cost(
    _ refArea: String, _ partner: String, _ value: Double?, _ period: String?, year: Int = 2019,
    direction: Direction = .outbound, status: String = "A", measure: String = Cube.costMeasure, unit: String = "PC"
) -> Observation {
    var d = Dimensions()
    d.partner = partner
    var o = Observation(
        domain: .measures, refArea: refArea, year: year, direction: direction, dims: d, value: value,
        status: flag(status), line: 0)
    (o.measure, o.unit, o.period) = (measure, unit, period)
    return o
}

/// Issue 14: SDG 10.c.1 from corridor costs, partner concentration, growth over the span. Every
/// expected value is worked out by hand from the numbers in the test.
@Suite struct ConcentrationGrowthCostTests {
    /// Moldova 2019 has a profile (an inflow) and these corridors:
    /// to MDA: ITA 4.0 and 6.0 (mean 5.0: not above 5), RUS 2.0 (its other quarter missing),
    /// DEU 7.0 (E) and 8.0 (mean 7.5); from MDA: UKR 3.0, and ROU 9.0 as Romania reports it (IN).
    static func costCube() -> Cube {
        let cube = Cube()
        let rows: [Observation] = [
            obs(.inflows, .inbound, 100),
            cost("ITA", "MDA", 4.0, "2019-Q1"), cost("ITA", "MDA", 6.0, "2019-Q3"),
            cost("RUS", "MDA", 2.0, "2019-Q1"), cost("RUS", "MDA", nil, "2019-Q3"),
            cost("DEU", "MDA", 7.0, "2019-Q1", status: "E"), cost("DEU", "MDA", 8.0, "2019-Q3"),
            cost("MDA", "UKR", 3.0, "2019-Q1"),
            cost("ROU", "MDA", 9.0, "2019-Q1", direction: .inbound),
            // Not averaged: another measure, a fraction, a range of years, a total partner.
            cost("FRA", "MDA", 50, "2019-Q1", measure: "employment_rate"),
            cost("ESP", "MDA", 0.05, "2019-Q1", unit: "RATIO"),
            cost("GRC", "MDA", 12, "2019-2024"), cost("_T", "MDA", 12, "2019-Q1"),
        ]
        rows.forEach(cube.add)
        return cube
    }

    @Test func costsToTheCountryAverageCorridorMeans() throws {
        let rows = IndicatorEngine(cube: Self.costCube()).compute("MDA")
        let avg = try #require(rows.one("remit_cost_receive_avg_pct"))
        #expect(abs(avg.value! - (5.0 + 2.0 + 7.5) / 3) < 1e-12)
        #expect(avg.unit == "PT" && avg.status == flag("E"))
        #expect(abs(rows.one("remit_cost_receive_above_5_pct")!.value! - 100.0 / 3) < 1e-12)
        #expect(abs(rows.one("remit_cost_receive_gap_to_3_pp")!.value! - (14.5 / 3 - 3)) < 1e-12)
        #expect(rows.one("remit_cost_receive_gap_to_3_pp")?.unit == "PP")
        #expect(rows.one("remit_cost_receive_corridors")?.value == 3)
    }

    @Test func costsFromTheCountryCountBothReporters() {
        let rows = IndicatorEngine(cube: Self.costCube()).compute("MDA")
        #expect(rows.one("remit_cost_send_avg_pct")?.value == 6)
        #expect(rows.one("remit_cost_send_above_5_pct")?.value == 50)
        #expect(rows.one("remit_cost_send_gap_to_3_pp")?.value == 3)
        #expect(rows.one("remit_cost_send_corridors")?.value == 2)
        #expect(rows.one("remit_cost_send_avg_pct")?.status == .normal)
    }

    @Test func costsDoNotMakeAProfileAndMergeForTheCountriesComputed() {
        let cube = Self.costCube()
        // Italy sends to Moldova but has no profile data: no country of its own.
        #expect(cube.seal().countries == ["MDA"])
        let only = Cube()
        only.merge(Self.costCube(), countries: ["MDA"])
        let sealed = only.seal()
        #expect(sealed.corridorCosts("MDA", 2019, .receive)?.keys.sorted() == ["DEU", "ITA", "RUS"])
        #expect(sealed.corridorCosts("ITA", 2019, .send) == nil)
    }

    @Test func noCorridorIsMissingNotZero() {
        let cube = Cube()
        cube.add(obs(.inflows, .inbound, 100))
        let rows = everyYear(IndicatorEngine(cube: cube))
        #expect(rows.one("remit_cost_send_avg_pct")?.value == nil)
        #expect(rows.one("remit_cost_send_avg_pct")?.status == .missing)
    }

    /// Partners ROU 500, UKR 300, ITA 200; `_O` 100 and `_U` 50 are no partner:
    /// 0.5² + 0.3² + 0.2² = 0.38.
    @Test func concentrationOverNamedPartners() throws {
        let cube = Cube()
        for (p, v) in [("ROU", 500.0), ("UKR", 300), ("ITA", 200), ("_O", 100), ("_U", 50)] {
            cube.add(obs(.inflows, .inbound, v, status: p == "ITA" ? "E" : "A", [.partner: p]))
        }
        cube.add(obs(.outflows, .outbound, 10, [.partner: "ITA"]))
        cube.add(obs(.outflows, .outbound, nil, [.partner: "RUS"]))
        cube.add(obs(.stocks, .inbound, 0, [.partner: "UKR"]))
        cube.add(obs(.remittances, .inbound, 70))
        let rows = everyYear(IndicatorEngine(cube: cube))
        let hhi = try #require(rows.one("partner_hhi_imm_inflow"))
        #expect(abs(hhi.value! - 0.38) < 1e-12 && hhi.unit == "RATIO" && hhi.status == flag("E"))
        // A partner's missing value: the shares are unknown.
        #expect(rows.one("partner_hhi_emi_outflow")?.value == nil)
        // Partners summing to 0: no shares (M).
        #expect(rows.one("partner_hhi_imm_stock")?.status == flag("M"))
        // No partner breakdown: no index.
        #expect(rows.one("partner_hhi_remit_in")?.value == nil)
    }

    /// Inflows 1000 (2016), 1100 (2018, break B), 1331 (2019): 2017 has no inflow. Growth from
    /// 2016 to 2019: 1.331^(1/3) - 1 = 10 %, one row at 2019, flagged B.
    @Test func growthOverTheSpanCarriesTheWorstFlag() throws {
        let cube = Cube()
        cube.add(obs(.inflows, .inbound, 1000, year: 2016))
        cube.add(obs(.outflows, .outbound, 5, year: 2017))
        cube.add(obs(.inflows, .inbound, 1100, year: 2018, status: "B"))
        cube.add(obs(.inflows, .inbound, 1331, year: 2019))
        cube.add(obs(.remittances, .inbound, 0, year: 2016))
        cube.add(obs(.remittances, .inbound, 50, year: 2019))
        let rows = IndicatorEngine(cube: cube).compute("MDA")
        let growth = rows.filter { $0.indicator == "imm_inflow_cagr_pct" }
        #expect(growth.count == 1 && growth[0].year == 2019 && growth[0].status == flag("B"))
        #expect(abs(growth[0].value! - 10) < 1e-9)
        // One year of outflows is no span; remittances from 0 have no growth rate.
        #expect(!rows.contains { $0.indicator == "emi_outflow_cagr_pct" || $0.indicator == "remit_in_usd_cagr_pct" })
    }
}
