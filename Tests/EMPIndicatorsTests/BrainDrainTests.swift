import EMPAggregate
import EMPCore
import Testing

@testable import EMPIndicators

/// The emigration rate of the tertiary educated (issue 14, point 4): 100 × M / (N + M), M the
/// emigrants 25+ with ISCED 5-8 abroad, N the residents 25+ with ISCED 5-8 at home, both of
/// the 25 and over exactly.
@Suite struct BrainDrainTests {
    typealias Cell = (age: String, education: String, n: Double)

    func cube(abroad: [Cell], home: [Cell], status: String = "A", extra: [Observation] = []) -> Cube {
        let cube = Cube()
        for c in abroad { cube.add(obs(.stocks, .outbound, c.n, [.age: c.age, .education: c.education])) }
        for c in home {
            cube.add(obs(.populationByEducation, nil, c.n, status: status, [.age: c.age, .education: c.education]))
        }
        for o in extra { cube.add(o) }
        return cube
    }

    func rows(_ cube: Cube) -> [IndicatorValue] { IndicatorEngine(cube: cube).compute("MDA", 2019) }

    func missing(_ rows: [IndicatorValue], _ id: String) -> Bool {
        guard let r = rows.one(id) else { return false }
        return r.value == nil && r.status.code == "O"
    }

    /// Moldova's sample: 162,000 tertiary educated of the 25+ abroad (the low, medium and unknown
    /// levels are not counted), 410,000 at home; the 15-24 year olds at home are left out.
    @Test func theRateOfTheSampleByHand() {
        let abroad: [Cell] = [
            ("Y_GE25", "LOW", 310_000), ("Y_GE25", "MID", 420_000), ("Y_GE25", "HIGH", 162_000), ("Y_GE25", "_U", 8000),
        ]
        let home: [Cell] = [
            ("Y15-24", "HIGH", 20000), ("Y15-24", "MID", 160_000), ("Y_GE25", "LOW", 520_000),
            ("Y_GE25", "MID", 905_000),
            ("Y_GE25", "HIGH", 410_000), ("Y_GE25", "_U", 15000),
        ]
        // The emigrant stock of every age and education, by destination, beside the 25+ by education.
        let totals = [
            obs(.stocks, .outbound, 900_000, [.partner: "RUS"]), obs(.stocks, .outbound, 260_000, [.partner: "ITA"]),
        ]
        let r = rows(cube(abroad: abroad, home: home, extra: totals))
        #expect(r.one("emi_stock_tertiary")?.value == 162_000)
        #expect(abs(r.one("emi_rate_tertiary")!.value! - 100.0 * 162_000 / 572_000) < 1e-9, "28.321678 %")
        #expect(r.one("emi_rate_tertiary")?.status.code == "A")
        #expect(r.one("emi_stock")?.value == 1_160_000, "the 25+ by education are not added to the total")
    }

    /// Jamaica's sample: the bands 25-64 and 65+ make up the 25 and over; destinations are
    /// summed; at home, the tertiary educated of unknown age (2,000) are not counted.
    @Test func bandsTiling25PlusAreSummed() {
        let cube = Cube()
        for (partner, a, b) in [("USA", 110_000.0, 25000.0), ("GBR", 18000, 6000), ("CAN", 22000, 4000)] {
            cube.add(obs(.stocks, .outbound, a, [.partner: partner, .age: "Y25-64", .education: "HIGH"]))
            cube.add(obs(.stocks, .outbound, b, [.partner: partner, .age: "Y_GE65", .education: "HIGH"]))
            cube.add(obs(.stocks, .outbound, 1000, [.partner: partner, .age: "Y25-64", .education: "LOW"]))
        }
        for (age, n) in [("Y25-64", 250_000.0), ("Y_GE65", 30000), ("_U", 2000)] {
            cube.add(obs(.populationByEducation, nil, n, [.age: age, .education: "HIGH"]))
        }
        cube.add(obs(.populationByEducation, nil, 760_000, [.age: "Y25-64", .education: "MID"]))
        let r = rows(cube)
        #expect(r.one("emi_stock_tertiary")?.value == 185_000)
        #expect(abs(r.one("emi_rate_tertiary")!.value! - 100.0 * 185_000 / 465_000) < 1e-9, "39.784946 %")
    }

    /// ISCED levels 5 to 8 are tertiary as the group HIGH is; level 4 is not.
    @Test func isced5To8AreTertiary() {
        let abroad: [Cell] = [
            ("Y_GE25", "5", 10), ("Y_GE25", "6", 20), ("Y_GE25", "7", 30), ("Y_GE25", "8", 40), ("Y_GE25", "4", 99),
        ]
        let r = rows(cube(abroad: abroad, home: [("Y_GE25", "6", 400)]))
        #expect(r.one("emi_stock_tertiary")?.value == 100)
        #expect(abs(r.one("emi_rate_tertiary")!.value! - 20) < 1e-9, "100 / (400 + 100)")
    }

    /// A band across 25 (15-64) cannot be split: both the count and the rate are missing (O).
    @Test func aBandAcross25LeavesTheRateMissing() {
        let r = rows(cube(abroad: [("Y15-64", "HIGH", 100), ("Y_GE65", "HIGH", 10)], home: [("Y_GE25", "HIGH", 400)]))
        #expect(missing(r, "emi_stock_tertiary") && missing(r, "emi_rate_tertiary"))
        let home = rows(cube(abroad: [("Y_GE25", "HIGH", 100)], home: [("Y_GE15", "HIGH", 400)]))
        #expect(home.one("emi_stock_tertiary")?.value == 100 && missing(home, "emi_rate_tertiary"))
    }

    /// Bands that leave a gap (25-64 without 65+), overlap (25-64, 65+ and 25-34), or no ages at
    /// all (a table of every age is not of the 25 and over): missing. `Y_GE25` is read alone.
    @Test func bandsMustCover25PlusExactly() {
        let home: [Cell] = [("Y_GE25", "HIGH", 400)]
        for abroad: [Cell] in [
            [("Y25-64", "HIGH", 100)],
            [("Y25-64", "HIGH", 100), ("Y_GE65", "HIGH", 10), ("Y25-34", "HIGH", 50)],
            [("_T", "HIGH", 100)],
        ] {
            #expect(missing(rows(cube(abroad: abroad, home: home)), "emi_rate_tertiary"), "\(abroad)")
        }
        let withTotal = rows(
            cube(abroad: [("Y_GE25", "HIGH", 100), ("Y25-64", "HIGH", 90), ("Y15-64", "HIGH", 95)], home: home))
        #expect(withTotal.one("emi_stock_tertiary")?.value == 100 && withTotal.one("emi_rate_tertiary")?.value == 20)
    }

    /// Without an education breakdown there is no tertiary count; with known levels but no
    /// tertiary cell there are 0 tertiary educated.
    @Test func educationMustBeGiven() {
        let none = rows(cube(abroad: [("Y_GE25", "_T", 100)], home: [("Y_GE25", "HIGH", 400)]))
        #expect(missing(none, "emi_stock_tertiary") && missing(none, "emi_rate_tertiary"))
        let zero = rows(cube(abroad: [("Y_GE25", "LOW", 100)], home: [("Y_GE25", "HIGH", 400)]))
        #expect(zero.one("emi_stock_tertiary")?.value == 0 && zero.one("emi_rate_tertiary")?.value == 0)
    }

    /// No population by education: the count is there, the rate missing. Nobody tertiary
    /// educated on either side: a zero denominator, flagged M. An estimated input flags the rate.
    @Test func missingValuesAndFlags() {
        let alone = rows(cube(abroad: [("Y_GE25", "HIGH", 100)], home: []))
        #expect(alone.one("emi_stock_tertiary")?.value == 100 && missing(alone, "emi_rate_tertiary"))
        let zero = rows(cube(abroad: [("Y_GE25", "LOW", 100)], home: [("Y_GE25", "LOW", 400)]))
        #expect(zero.one("emi_rate_tertiary")?.value == nil && zero.one("emi_rate_tertiary")?.status.code == "M")
        let estimated = rows(cube(abroad: [("Y_GE25", "HIGH", 100)], home: [("Y_GE25", "HIGH", 400)], status: "E"))
        #expect(
            estimated.one("emi_rate_tertiary")?.value == 20 && estimated.one("emi_rate_tertiary")?.status.code == "E")
    }

    /// The population by education is a denominator: alone, it makes no country or year.
    @Test func populationByEducationAloneIsNoProfile() {
        let c = cube(abroad: [], home: [("Y_GE25", "HIGH", 400)])
        #expect(c.countries.isEmpty && IndicatorEngine(cube: c).computeAll().isEmpty)
    }
}
