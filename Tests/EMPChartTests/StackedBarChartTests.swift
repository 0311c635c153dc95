import Testing

@testable import EMPChart

@Suite struct StackedBarChartTests {
    let categories = years(2020...2022)

    func share(_ label: String, _ values: [Double?], flags: [String]? = nil) -> ChartSeries {
        ChartSeries(label: label, values: values, flags: flags ?? values.map { _ in "A" })
    }

    func number(_ element: ParsedElement, _ attribute: String) -> Double {
        element.attributes[attribute].flatMap(Double.init) ?? .nan
    }

    @Test func sharesStackFromTheBottomOnAZeroToHundredAxis() throws {
        let series = [share("EU", [50, 40, 30]), share("Non-EU", [30, 40, 50]), share("Unknown", [20, 20, 20])]
        let svg = Chart.stackedBars(categories: categories, series: series, text: chartText(unit: "%"))
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        for label in ["0", "20", "40", "60", "80", "100"] { #expect(parsed.texts.contains(label)) }
        #expect(!parsed.texts.contains("120"))
        let rects = parsed.all("rect").filter { $0.ancestors.last == "g" && $0.attributes["class"] == nil }
        let bars = Array(rects.filter { number($0, "width") > 10 }.prefix(3))  // the first bar's segments
        #expect(bars.map { $0.attributes["fill"] } == ["#0072B2", "#E69F00", "#009E73"])
        let heights = bars.map { number($0, "height") }
        #expect(abs(heights[0] / heights[1] - 50.0 / 30) < 0.02)
        #expect(number(bars[0], "y") > number(bars[1], "y"))  // the first series at the bottom
        #expect(abs(number(bars[1], "y") + heights[1] - number(bars[0], "y")) < 0.15)
        #expect(parsed.tooltips.contains("Non-EU, 2021: 40"))
    }

    @Test func sumsBeyondHundredGetANiceMaximum() {
        let series = [share("A", [80, 90, 70]), share("B", [50, 40, 20])]
        let texts = ParsedSVG(Chart.stackedBars(categories: categories, series: series, text: chartText())).texts
        for label in ["0", "50", "100", "150"] { #expect(texts.contains(label)) }
    }

    @Test func roundingAbove100KeepsTheHundredAxis() {
        let series = [share("A", [33.4, 50, 50]), share("B", [33.3, 50, 50]), share("C", [33.4, 0, 0])]
        let texts = ParsedSVG(Chart.stackedBars(categories: categories, series: series, text: chartText())).texts
        #expect(texts.contains("100") && !texts.contains("120"))
    }

    @Test func missingCountsAsZeroButAnAllMissingCategoryHasNoBar() {
        let series = [share("A", [60, nil, nil]), share("B", [40, nil, 100])]
        let parsed = ParsedSVG(Chart.stackedBars(categories: categories, series: series, text: chartText()))
        #expect(parsed.all("g", class: "bar").count == 2)
        #expect(parsed.tooltips == ["A, 2020: 60", "B, 2020: 40", "B, 2022: 100"])
    }

    @Test func aMarkedBarHasItsLetterAndTheLegendExplainsIt() {
        let series = [share("A", [60, 50, 50], flags: ["A", "A", "P"]), share("B", [40, 50, 50])]
        let svg = Chart.stackedBars(categories: categories, series: series, text: chartText(marks: breakAndProvisional))
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        #expect(parsed.all("text", class: "flag").map(\.text) == ["P"])
        #expect(parsed.texts.contains("Provisional value"))
        #expect(!parsed.texts.contains("Break in series"))
        #expect(parsed.tooltips.contains("A, 2022: 50 (P)"))
    }

    @Test func textIsEscapedAndOutputDeterministic() {
        let odd = #"A<&"B"#
        let series = [share(odd, [1, 2, 3], flags: ["B", "A", "A"]), share("B", [1, 1, 1])]
        let text = chartText(title: odd, unit: odd, source: odd, marks: [("B", odd)])
        let svg = Chart.stackedBars(categories: [odd, "2021", "2022"], series: series, text: text)
        expectWellFormedChart(svg)
        #expect(svg.contains("A&lt;&amp;&quot;B") && !svg.contains(odd))
        #expect(svg == Chart.stackedBars(categories: [odd, "2021", "2022"], series: series, text: text))
    }

    @Test func emptyOrAllMissingDrawsADash() {
        for (categories, series) in [([], []), (categories, [share("A", [nil, nil, nil])])]
            as [([String], [ChartSeries])]
        {
            let svg = Chart.stackedBars(categories: categories, series: series, text: chartText())
            expectWellFormedChart(svg)
            #expect(ParsedSVG(svg).all("text", class: "empty").map(\.text) == ["–"])
            #expect(ParsedSVG(svg).all("rect").isEmpty)
        }
    }

    @Test func oneCategoryIsOneBar() {
        let svg = Chart.stackedBars(
            categories: ["2020"], series: [share("A", [70]), share("B", [30])], text: chartText())
        expectWellFormedChart(svg)
        #expect(ParsedSVG(svg).all("g", class: "bar").count == 1)
    }
}
