import EMPAggregate
import EMPCore
import Testing

@testable import EMPIndicators

/// Issue 15: a country's indicator families without any input are not computed. What is
/// published must be what computing every family gives, trimmed to series: the same rows,
/// values, flags and order, for countries with few domains and with many.
@Suite struct FamilySkipTests {
    func at(_ area: String, _ o: Observation) -> Observation {
        var o = o
        o.refArea = area
        return o
    }

    /// MDA: remittances only (2015, 2019) and a corridor cost; ROU: stocks by sex and partner,
    /// inflows by duration with a gap year, returns; ITA: only a cost it sends (no profile of its
    /// own); BGR: protection only; SRB: a table of missing values alone (computed, nothing published).
    func cube() -> Cube {
        let cube = Cube()
        let rows: [Observation] = [
            obs(.remittances, .inbound, 1_000, year: 2015), obs(.remittances, .inbound, 1_300, year: 2019),
            obs(.remittances, .outbound, 40, year: 2019, [.partner: "ITA"]),
            cost("ITA", "MDA", 4.0, "2019-Q1"), cost("ITA", "MDA", 6.0, "2019-Q3"),
            at("ROU", obs(.stocks, .inbound, 300, year: 2011, [.sex: "F", .partner: "MDA"])),
            at("ROU", obs(.stocks, .inbound, 200, year: 2011, [.sex: "M", .partner: "UKR"])),
            at("ROU", obs(.inflows, .inbound, 50, year: 2010, [.duration: "GE12M"])),
            at("ROU", obs(.inflows, .inbound, 20, year: 2010, [.duration: "M3-11"])),
            at("ROU", obs(.inflows, .inbound, 90, year: 2013)),
            at("ROU", obs(.returns, .inbound, 7, year: 2013, [.reason: ReturnReason.forced])),
            at("BGR", obs(.protection, .inbound, 12, year: 2020, [.reason: ProtectionStatus.refugees])),
            at("SRB", obs(.outflows, .outbound, nil, year: 2018)),
            at("MDA", obs(.population, nil, 2_600_000, year: 2019)),
            at("ROU", obs(.population, nil, 19_000_000, year: 2013)),
        ]
        rows.forEach(cube.add)
        return cube
    }

    /// Every family for every year, then sorted and trimmed as `compute(_:)` does.
    func everyFamily(_ engine: IndicatorEngine, _ country: String) -> [IndicatorValue] {
        let rows = engine.cube.years(of: country).flatMap { engine.compute(country, $0) }
        return IndicatorValue.trimmedToSeries(IndicatorValue.sortedInTableOrder(rows + Growth.cagr(of: rows)))
    }

    @Test func skippingFamiliesWithoutInputsPublishesTheSameRows() {
        let engine = IndicatorEngine(cube: cube())
        #expect(engine.cube.countries == ["BGR", "MDA", "ROU", "SRB"])
        for country in engine.cube.countries {
            let skipped = engine.compute(country), whole = everyFamily(engine, country)
            #expect(skipped == whole, "\(country)")
            #expect(skipped.isEmpty == (country == "SRB"), "\(country)")
        }
    }

    @Test func aCountryComputesOnlyTheFamiliesItHasInputsFor() {
        let engine = IndicatorEngine(cube: cube())
        let families = { (c: String) in
            IndicatorEngine.Family.allCases.filter {
                $0.hasInputs(engine.cube.domains(of: c), costs: engine.cube.costCountries.contains(c))
            }
        }
        #expect(families("MDA") == [.remittances, .corridors, .concentration, .costs, .coverage])
        #expect(families("ITA") == [.costs, .coverage])
        #expect(families("BGR") == [.protection, .coverage])
        #expect(families("ROU").contains(.returns) && families("ROU").contains(.composition))
        // The published rows of MDA: its remittances and their growth, costs, coverage.
        let ids = Set(engine.compute("MDA").map(\.indicator))
        #expect(ids.contains("remit_in_usd") && ids.contains("remit_in_usd_cagr_pct"))
        #expect(ids.contains("remit_cost_receive_avg_pct") && ids.contains("coverage_domains"))
        #expect(!ids.contains { $0.hasPrefix("imm_") || $0.hasPrefix("share_") })
    }
}
