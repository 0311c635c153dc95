import EMPAggregate
import EMPCore
import Testing

@testable import EMPIndicators

/// Age structure (issue 14, point 6): shares of children, working age and 65+ in the bands
/// a source gives, only where every band lies wholly in one group and none overlap.
@Suite struct AgeStructureTests {
    func stocks(_ bands: [(String, Double)], year: Int = 2015) -> [IndicatorValue] {
        let cube = Cube()
        for (age, n) in bands { cube.add(obs(.stocks, .inbound, n, year: year, [.age: age])) }
        return IndicatorEngine(cube: cube).compute("MDA", year).filter { $0.indicator.hasPrefix("share_age_") }
    }

    func value(_ rows: [IndicatorValue], _ id: String) -> Double? {
        rows.first { $0.indicator == id }?.value
    }

    @Test func bandsCodesAreRead() {
        #expect(AgeBand("Y_LT15")?.range == 0...14)
        #expect(AgeBand("Y_LE14")?.range == 0...14)
        #expect(AgeBand("Y15-64")?.range == 15...64)
        #expect(AgeBand("Y_GE65")?.range == 65...AgeBand.oldest)
        #expect(AgeBand("Y_GT64")?.range == 65...AgeBand.oldest)
        #expect(AgeBand("Y7")?.range == 7...7)
        #expect(AgeBand("Y64-15") == nil && AgeBand("TOTAL") == nil && AgeBand("Y_LT0") == nil)
    }

    /// 2,100 under 15, 3,400 + 13,300 of 15-64, 2,900 of 65+; 300 of unknown age left out.
    @Test func aPartitionGivesTheThreeShares() {
        let rows = stocks([("Y_LT15", 2100), ("Y15-24", 3400), ("Y25-64", 13300), ("Y_GE65", 2900), ("_U", 300)])
        #expect(abs(value(rows, "share_age_under15_stock")! - 100 * 2100 / 21700) < 1e-9)
        #expect(abs(value(rows, "share_age_15_64_stock")! - 100 * 16700 / 21700) < 1e-9)
        #expect(abs(value(rows, "share_age_65plus_stock")! - 100 * 2900 / 21700) < 1e-9)
    }

    /// A band across 15 (10-19) cannot be split between children and working age: missing.
    @Test func aBandAcrossAGroupLeavesTheStructureMissing() {
        let rows = stocks([("Y_LT10", 100), ("Y10-19", 200), ("Y20-64", 600), ("Y_GE65", 100)])
        let stock = rows.filter { !$0.indicator.hasSuffix("emi_stock") && $0.indicator.hasSuffix("_stock") }
        #expect(stock.count == 3 && stock.allSatisfy { $0.value == nil && $0.status.code == "O" })
    }

    /// Microdata ages come split at 25 only: no age structure from them.
    @Test func theSplitAt25GivesNoStructure() {
        let rows = stocks([("Y_LT25", 100), ("Y_GE25", 300)])
        #expect(rows.allSatisfy { $0.value == nil })
    }

    /// A file of the 15-64 year olds alone (Eurostat's bilateral stocks) has no structure.
    @Test func bandsThatDoNotCoverEveryAgeGiveNoStructure() {
        #expect(stocks([("Y15-64", 1000)]).allSatisfy { $0.value == nil })
        #expect(stocks([("Y_LT15", 10), ("Y15-64", 70)]).allSatisfy { $0.value == nil })
    }

    /// A file giving 15-64 beside its five-year bands would count people twice: missing.
    @Test func overlappingBandsLeaveTheStructureMissing() {
        let rows = stocks([("Y_LT15", 10), ("Y15-64", 70), ("Y15-19", 10), ("Y_GE65", 20)])
        #expect(rows.allSatisfy { $0.value == nil })
    }
}
