import Testing

@testable import EMPChart

@Suite struct BarChartTests {
    let corridors = [
        ChartBar(label: "Germany", value: 40, note: "40.0%"),
        ChartBar(label: "Democratic Republic of the Congo", value: 20, note: "20.0%"),
        ChartBar(label: "France", value: 10, note: "10.0%"),
    ]

    func width(_ element: ParsedElement) -> Double {
        element.attributes["width"].flatMap(Double.init) ?? .nan
    }

    func bars(_ parsed: ParsedSVG) -> [ParsedElement] { parsed.all("rect") }

    @Test func barsAreProportionalWithLabelsAndNotes() {
        let svg = Chart.bars(corridors, text: chartText(unit: "% of emigrants"))
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        let widths = bars(parsed).map(width)
        #expect(widths.count == 3)
        #expect(abs(widths[1] / widths[0] - 0.5) < 0.01 && abs(widths[2] / widths[0] - 0.25) < 0.01)
        #expect(parsed.texts.contains("Germany") && parsed.texts.contains("40.0%"))
        #expect(parsed.texts.contains("Democratic Republic of the…"))
        #expect(parsed.tooltips.contains("Democratic Republic of the Congo: 20.0%"))
        #expect(parsed.all("text", class: "unit").map(\.text) == ["% of emigrants"])
    }

    @Test func theLongestBarFillsTheRoomLeftByLabelsAndNotes() throws {
        let parsed = ParsedSVG(Chart.bars(corridors, text: chartText()))
        let longest = try #require(bars(parsed).first)
        let x = try #require(longest.attributes["x"].flatMap(Double.init))
        #expect(x + width(longest) > 560 && x + width(longest) < 620)
    }

    @Test func heightGrowsWithTheNumberOfBars() {
        let three = Chart.bars(corridors, text: chartText())
        let six = Chart.bars(corridors + corridors, text: chartText())
        #expect(three.contains(#"viewBox="0 0 640 "#))
        let heights = [three, six].map { svg in
            Double(svg.split(separator: "\"").first { $0.hasPrefix("0 0 640 ") }?.split(separator: " ").last ?? "") ?? 0
        }
        #expect(heights[1] - heights[0] == 3 * BarChart.rowHeight)
    }

    @Test func emptyInputIsATitledDash() {
        let svg = Chart.bars([], text: chartText())
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        #expect(parsed.all("title").first?.text == "Immigration")
        #expect(parsed.all("text", class: "empty").map(\.text) == ["–"])
        #expect(parsed.all("rect").isEmpty)
    }

    @Test func zeroNegativeAndNonFiniteValuesAreEmptyBars() {
        let odd = [
            ChartBar(label: "Zero", value: 0, note: "0"), ChartBar(label: "Negative", value: -5, note: "-5"),
            ChartBar(label: "NaN", value: .nan, note: ""),
        ]
        let svg = Chart.bars(odd, text: chartText())
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        #expect(bars(parsed).map(width) == [0, 0, 0])
        #expect(parsed.tooltips.last == "NaN: –")
    }

    @Test func textIsEscapedAndOutputDeterministic() {
        let odd = #"A<&"B"#
        let input = [ChartBar(label: odd, value: 1, note: odd)]
        let text = chartText(title: odd, unit: odd, source: odd)
        let svg = Chart.bars(input, text: text)
        expectWellFormedChart(svg)
        #expect(svg.contains("A&lt;&amp;&quot;B") && !svg.contains(odd))
        #expect(ParsedSVG(svg).texts.filter { $0 == odd }.count == 4)
        #expect(svg == Chart.bars(input, text: text))
    }
}
