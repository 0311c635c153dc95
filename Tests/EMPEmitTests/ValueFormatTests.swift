@testable import EMPEmit
import EMPIndicators
import Foundation
import Testing

@Suite struct ValueFormatTests {
    /// The whole-cents shortcut must print exactly what `%.2f` prints, trimmed.
    @Test func centsShortcutMatchesPrintf() {
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, 0.01, 0.1, 0.5, 1, 10.1, 100, 123.45, -0.05, -12.3, 81701.28, 1e12 + 0.07, 2.345, 0.005,
        ]
        for _ in 0..<20_000 {
            let cents = Int64.random(in: -10_000_000_000...10_000_000_000, using: &rng)
            values.append(Double(cents) / 100)
            values.append(Double.random(in: -1e6...1e6, using: &rng))
        }
        for v in values {
            var expected = String(format: "%.2f", v)
            if expected.contains(".") {
                while expected.hasSuffix("0") { expected.removeLast() }
                if expected.hasSuffix(".") { expected.removeLast() }
            }
            if expected == "-0" { expected = "0" }
            #expect(ValueFormat.format(v, unit: Unit.persons) == expected, "\(v)")
        }
    }

    @Test func ratiosAndCounts() {
        #expect(ValueFormat.format(14.999450124900202, unit: Unit.percent) == "14.99945")
        #expect(ValueFormat.format(4, unit: Unit.percent) == "4")
        #expect(ValueFormat.format(-0.0000001, unit: Unit.percent) == "0")
        #expect(ValueFormat.format(1696, unit: Unit.count) == "1696")
        #expect(ValueFormat.format(nil, unit: Unit.count) == "")
        #expect(ValueFormat.format(.nan, unit: Unit.percent) == "")
    }

    /// Profiles carry ratios at full precision: the text reads back to the same double.
    @Test func exactRatiosReadBack() {
        for v in [14.999450124900202, 1e-05, 0.1 + 0.2, 33.333333333333336, 100, 0] {
            let text = ValueFormat.exact(v, unit: Unit.percent)
            #expect(Double(text) == v, "\(text)")
            #expect(!text.hasSuffix(".0"))
        }
        #expect(ValueFormat.exact(1487600000, unit: Unit.usd) == "1487600000")
        #expect(ValueFormat.exact(20283.64, unit: Unit.persons) == "20283.64")
    }

    /// measures.csv writes a value read in E notation in full, never rounded to six decimals.
    @Test func measuresInENotationAreWrittenInFull() {
        #expect(MeasureTable.format(5.80897e-05) == "0.0000580897")
        #expect(MeasureTable.format(-1.5e-7) == "-0.00000015")
        #expect(MeasureTable.format(1.25e20) == "125000000000000000000")
        #expect(MeasureTable.format(71.8) == "71.8")
        for v in [5.80897e-05, 1e-05, 3.3e-9, 1.0000000000000002e-5] {
            #expect(Double(MeasureTable.format(v)) == v, "\(v)")
        }
    }
}
