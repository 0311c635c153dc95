import Testing

@testable import EMPChart

@Suite struct ScaleTests {
    @Test func positiveValuesStartAtZeroAndRoundUpToAThousand() {
        let scale = LinearScale(covering: [1200, 3820, 2500])
        #expect(scale.ticks == [0, 1000, 2000, 3000, 4000])
        #expect((scale.lower, scale.upper) == (0, 4000))
    }

    @Test func negativeValuesRoundDownAndTheZeroTickStays() {
        let scale = LinearScale(covering: [-250, 4100])
        #expect(scale.ticks == [-1000, 0, 1000, 2000, 3000, 4000, 5000])
        #expect(scale.crossesZero)
    }

    @Test func allNegativeValuesEndAtZero() {
        let scale = LinearScale(covering: [-30, -72])
        #expect(scale.ticks == [-80, -60, -40, -20, 0])
        #expect(!scale.crossesZero)
    }

    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(LinearScale(covering: [100]).ticks == [0, 20, 40, 60, 80, 100])
        #expect(LinearScale(covering: [6100]).ticks == [0, 2000, 4000, 6000, 8000])
        #expect(LinearScale(covering: [12_001]).ticks == [0, 5000, 10000, 15000])
        #expect(LinearScale(covering: [0.6]).ticks == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        #expect(LinearScale(covering: [0.07]).ticks == [0, 0.02, 0.04, 0.06, 0.08])
    }

    @Test func everyScaleHasThreeToSixIntervals() {
        for upper in [1.0, 3, 7.5, 13, 47, 99, 101, 250, 999, 1001, 3820, 7e5, 1e9, 2.5e12] {
            for lower in [0, -upper / 3, -upper] {
                let scale = LinearScale(covering: [lower, upper])
                #expect((4...7).contains(scale.ticks.count), "\(lower)…\(upper): \(scale.ticks)")
                #expect(scale.lower <= lower && scale.upper >= upper)
                #expect(scale.ticks.contains(0))
            }
        }
    }

    @Test func aValueThatIsAMultipleUpToRoundingAddsNoInterval() {
        #expect(LinearScale(covering: [0.1 + 0.2]).ticks == [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3])
    }

    @Test func hugeValuesGiveFiniteTicks() {
        #expect(LinearScale(covering: [1e9]).ticks == [0, 2e8, 4e8, 6e8, 8e8, 1e9])
        let extreme = LinearScale(covering: [-1e300, 1e300])
        #expect(extreme.ticks.allSatisfy { $0.isFinite })
        #expect(extreme.fraction(0).isFinite)
    }

    @Test func nothingToSpanGivesZeroToFive() {
        #expect(LinearScale(covering: []).ticks == [0, 1, 2, 3, 4, 5])
        #expect(LinearScale(covering: [0, 0]).ticks == [0, 1, 2, 3, 4, 5])
    }

    @Test func fractionRunsFromLowerToUpper() {
        let scale = LinearScale(covering: [-250, 4100])
        #expect(scale.fraction(-1000) == 0)
        #expect(scale.fraction(5000) == 1)
        #expect(scale.fraction(0) == 1.0 / 6)
    }
}

@Suite struct SVGTests {
    @Test func numbersHaveAtMostOneDecimalAndNoNegativeZero() {
        #expect(SVG.number(12) == "12")
        #expect(SVG.number(12.34) == "12.3")
        #expect(SVG.number(12.36) == "12.4")
        #expect(SVG.number(-3.06) == "-3.1")
        #expect(SVG.number(-0.04) == "0")
        #expect(SVG.number(-0.0) == "0")
        #expect(SVG.number(0.96) == "1")
        #expect(SVG.number(.nan) == "0")
        #expect(SVG.number(.infinity) == "0")
        #expect(SVG.number(1e12) == "1000000000")
    }

    @Test func escapingCoversTheFiveSpecialsAndDropsForbiddenCharacters() {
        #expect(SVG.escape(#"A<&"B'>"#) == "A&lt;&amp;&quot;B&apos;&gt;")
        #expect(SVG.escape("a\u{1}b\u{FFFE}c\td") == "abc\td")
        #expect(SVG.escape("Côte d’Ivoire") == "Côte d’Ivoire")
    }

    @Test func attributesKeepTheirOrderAndAreEscaped() {
        var svg = SVGWriter()
        svg.element("text", ["x": 1.25, "y": 2, "class": "a\"b"], text: "<&>")
        #expect(svg.output == "<text x=\"1.3\" y=\"2\" class=\"a&quot;b\">&lt;&amp;&gt;</text>\n")
    }

    @Test func textIsTruncatedAndWrapped() {
        #expect(TextMetrics.truncate("Democratic Republic of the Congo", to: 28) == "Democratic Republic of the…")
        #expect(TextMetrics.truncate("France", to: 28) == "France")
        #expect(TextMetrics.wrap("one two three four", limit: 9) == ["one two", "three", "four"])
        #expect(TextMetrics.wrap("", limit: 9).isEmpty)
    }
}
