import Testing

@testable import EMPChart

@Suite struct LineChartTests {
    let categories = years(2015...2019)

    func line(_ values: [Double?], flags: [String] = [], label: String = "Total") -> ChartSeries {
        ChartSeries(label: label, values: values, flags: flags.isEmpty ? values.map { _ in "A" } : flags)
    }

    @Test func isAWellFormedAccessibleSVG() {
        let svg = Chart.line(categories: categories, series: [line([1200, 3820, 2500, 3000, 2900])], text: chartText())
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        #expect(parsed.all("title").first?.text == "Immigration")
        #expect(parsed.all("desc").first?.text == "What the chart shows")
        #expect(svg.contains(#"viewBox="0 0 640 320""#))
        #expect(parsed.all("text", class: "unit").map(\.text) == ["Persons"])
        #expect(parsed.all("text", class: "source").map(\.text) == ["Source: test data"])
    }

    @Test func valueAxisHasNiceTicksAndTheCategoriesAsLabels() {
        let svg = Chart.line(categories: categories, series: [line([1200, 3820, 2500, 3000, 2900])], text: chartText())
        let texts = ParsedSVG(svg).texts
        for label in ["0", "1,000", "2,000", "3,000", "4,000"] + categories { #expect(texts.contains(label)) }
        #expect(!texts.contains("5,000"))
    }

    @Test func negativeValuesGetAZeroLineAboveTheBottom() throws {
        let svg = Chart.line(categories: categories, series: [line([-250, 800, 4100, 2000, 0])], text: chartText())
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        for label in ["-1,000", "0", "5,000"] { #expect(parsed.texts.contains(label)) }
        let zero = try #require(parsed.all("line", class: "zero").first)
        let grid = parsed.all("g").isEmpty ? [] : parsed.all("line").filter { $0.attributes["class"] == nil }
        let gridYs = grid.compactMap { $0.attributes["y1"].flatMap(Double.init) }
        let zeroY = try #require(zero.attributes["y1"].flatMap(Double.init))
        #expect(gridYs.count == 6)
        #expect(gridYs.contains { $0 > zeroY } && gridYs.contains { $0 < zeroY })
    }

    /// A value with no neighbour draws no line: its figure is printed beside its dot.
    @Test func aLonePointHasItsValuePrinted() {
        let svg = Chart.line(
            categories: categories, series: [line([nil, nil, nil, nil, 104_400]), line([1, 2, nil, 4, 5])],
            text: chartText())
        expectWellFormedChart(svg)
        #expect(ParsedSVG(svg).all("text", class: "point-label").map(\.text) == ["104,400"])
    }

    @Test func sameInputSameBytes() {
        let series = [line([1, nil, 3, 4, 5], label: "A"), line([5, 4, 3, 2, 1], label: "B")]
        let text = chartText(marks: breakAndProvisional)
        #expect(
            Chart.line(categories: categories, series: series, text: text)
                == Chart.line(categories: categories, series: series, text: text))
    }

    @Test func textIsEscapedEverywhere() {
        let odd = #"A<&"B"#
        let text = chartText(title: odd, unit: odd, source: odd, marks: [("P", odd)])
        let series = [line([1, 2, 3, 4, 5], flags: ["A", "A", "P", "A", "A"], label: odd), line([2, 2, 2, 2, 2])]
        let svg = Chart.line(categories: [odd] + categories.dropFirst(), series: series, text: text)
        expectWellFormedChart(svg)
        #expect(svg.contains("A&lt;&amp;&quot;B"))
        #expect(!svg.contains(odd))
        let parsed = ParsedSVG(svg)
        #expect(parsed.all("title").first?.text == odd)
        #expect(parsed.texts.filter { $0 == odd }.count == 5)  // unit, source, category, series and mark legend
        #expect(parsed.tooltips.contains("\(odd), \(odd): 1"))
    }

    @Test func aMissingValueBreaksTheLine() {
        let svg = Chart.line(categories: categories, series: [line([1, 2, nil, 4, 5])], text: chartText())
        let paths = ParsedSVG(svg).all("path")
        #expect(paths.count == 2)
        #expect(paths.map { $0.attributes["d"]?.filter { $0 == "M" }.count } == [1, 1])
        #expect(ParsedSVG(svg).all("circle").count == 4)
    }

    @Test func aLoneValueBetweenGapsIsADotWithoutSegment() {
        let svg = Chart.line(categories: categories, series: [line([nil, 2, nil, 4, 5])], text: chartText())
        let parsed = ParsedSVG(svg)
        #expect(parsed.all("path").count == 1)
        #expect(parsed.all("circle").count == 3)
    }

    @Test func aBreakIsADashedVerticalLineAndADiamondWithItsLegend() throws {
        let flags = ["A", "A", "B", "A", "A"]
        let svg = Chart.line(
            categories: categories, series: [line([1, 2, 3, 4, 5], flags: flags)],
            text: chartText(marks: breakAndProvisional))
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        let breaks = parsed.all("line", class: "break")
        #expect(breaks.count == 2)  // at 2017, and in the legend
        #expect(breaks.allSatisfy { $0.attributes["stroke-dasharray"] == "3 3" })
        #expect(parsed.tooltips.contains("Break in series: 2017"))
        #expect(parsed.tooltips.contains("Total, 2017: 3 (B)"))
        let diamond = try #require(parsed.all("path").first { $0.attributes["fill"] == Palette.background })
        #expect(diamond.attributes["d"]?.hasSuffix("Z") == true)
        #expect(parsed.texts.contains("Break in series"))
        #expect(!parsed.texts.contains("Provisional value"))  // no P point, no P legend
        #expect(parsed.all("path").filter { $0.attributes["stroke-dasharray"] != nil }.isEmpty)  // a break is no dash
    }

    @Test func aProvisionalValueIsAHollowCircleReachedByADashedSegment() {
        let flags = ["A", "A", "A", "A", "P"]
        let svg = Chart.line(
            categories: categories, series: [line([1, 2, 3, 4, 5], flags: flags)],
            text: chartText(marks: breakAndProvisional))
        let parsed = ParsedSVG(svg)
        let dashed = parsed.all("path").filter { $0.attributes["stroke-dasharray"] == "4 3" }
        #expect(dashed.count == 1)
        #expect(dashed.first?.attributes["d"]?.filter { $0 == "L" }.count == 1)
        let hollow = parsed.all("circle").filter { $0.attributes["fill"] == Palette.background }
        #expect(hollow.count == 2)  // the point and its legend symbol
        #expect(parsed.tooltips.contains("Total, 2019: 5 (P)"))
        #expect(parsed.texts.contains("Provisional value"))
        #expect(!parsed.texts.contains("Break in series"))
        #expect(parsed.all("line", class: "break").isEmpty)
    }

    @Test func aFlagThatIsNotMarkedIsAnOrdinaryPoint() {
        let flags = ["A", "E", "A", "A", "A"]
        let svg = Chart.line(
            categories: categories, series: [line([1, 2, 3, 4, 5], flags: flags)],
            text: chartText(marks: breakAndProvisional))
        let parsed = ParsedSVG(svg)
        #expect(parsed.all("g", class: "legend").isEmpty)
        #expect(parsed.tooltips.contains("Total, 2016: 2"))
        #expect(parsed.all("path").count == 1)
    }

    @Test func severalSeriesGetALegendAndThePaletteInOrder() {
        let series = [line([1, 2, 3, 4, 5], label: "Men"), line([2, 3, 4, 5, 6], label: "Women")]
        let parsed = ParsedSVG(Chart.line(categories: categories, series: series, text: chartText()))
        #expect(parsed.all("g", class: "legend").count == 1)
        #expect(parsed.texts.contains("Men") && parsed.texts.contains("Women"))
        #expect(parsed.all("path").map { $0.attributes["stroke"] } == ["#0072B2", "#E69F00"])
        let single = ParsedSVG(Chart.line(categories: categories, series: [series[0]], text: chartText()))
        #expect(single.all("g", class: "legend").isEmpty)
    }

    @Test func manyCategoriesAreThinnedKeepingFirstAndLast() {
        let many = years(2000...2024)
        let svg = Chart.line(
            categories: many, series: [line(many.indices.map { Double($0) })], text: chartText())
        let labels = ParsedSVG(svg).all("text").filter { $0.ancestors.last == "g" && many.contains($0.text) }
        #expect(labels.map(\.text) == ["2000", "2005", "2010", "2015", "2020", "2024"])
        let twelve = years(2001...2012)
        let all = ParsedSVG(
            Chart.line(categories: twelve, series: [line(twelve.map { _ in 1 })], text: chartText())
        ).texts.filter(twelve.contains)
        #expect(all == twelve)
    }

    @Test func emptyAndAllMissingInputDrawADash() {
        let inputs: [([String], [ChartSeries])] = [
            ([], []), (categories, []), ([], [line([1, 2])]), (categories, [line([nil, nil, nil, nil, nil])]),
        ]
        for (categories, series) in inputs {
            let svg = Chart.line(categories: categories, series: series, text: chartText())
            expectWellFormedChart(svg)
            let parsed = ParsedSVG(svg)
            #expect(parsed.all("text", class: "empty").map(\.text) == ["–"])
            #expect(parsed.all("path").isEmpty && parsed.all("circle").isEmpty)
        }
    }

    @Test func oneCategoryIsOneCentredPoint() throws {
        let svg = Chart.line(categories: ["2020"], series: [line([42])], text: chartText())
        expectWellFormedChart(svg)
        let parsed = ParsedSVG(svg)
        #expect(parsed.all("path").isEmpty)
        let point = try #require(parsed.all("circle").first)
        #expect(parsed.tooltips == ["Total, 2020: 42"])
        #expect(parsed.texts.contains("2020"))
        let x = try #require(point.attributes["cx"].flatMap(Double.init))
        #expect(x > 300 && x < 360)
    }

    @Test func allZeroAndHugeValuesDrawFiniteCharts() {
        let zero = Chart.line(categories: categories, series: [line([0, 0, 0, 0, 0])], text: chartText())
        expectWellFormedChart(zero)
        #expect(ParsedSVG(zero).texts.contains("5"))
        let huge = Chart.line(
            categories: categories, series: [line([1e9, 2e8, .nan, .infinity, 1])], text: chartText())
        expectWellFormedChart(huge)
        #expect(ParsedSVG(huge).texts.contains("1,000,000,000"))
        #expect(ParsedSVG(huge).all("circle").count == 3)
    }

    @Test func shortFlagsAndValuesDoNotTrap() {
        let ragged = ChartSeries(label: "Ragged", values: [1, 2], flags: ["P"])
        let svg = Chart.line(categories: categories, series: [ragged], text: chartText(marks: breakAndProvisional))
        expectWellFormedChart(svg)
        #expect(ParsedSVG(svg).all("circle").count == 3)  // two points and the P legend symbol
    }

    @Test func categoryLabelsNeverOverlapNorLeaveTheViewBox() throws {
        let quarters = (2000...2024).flatMap { year in (1...4).map { "\(year)Q\($0)" } }
        for count in 1...quarters.count {
            let categories = Array(quarters.prefix(count))
            let svg = Chart.line(
                categories: categories, series: [line(categories.map { _ in -12_345 })], text: chartText())
            let labels = ParsedSVG(svg).all("text").filter { $0.ancestors.last == "g" && categories.contains($0.text) }
            #expect(labels.first?.text == categories.first && labels.last?.text == categories.last)
            #expect(labels.count <= 13)
            let xs = labels.compactMap { $0.attributes["x"].flatMap(Double.init) }
            let half = TextMetrics.width("2000Q1") / 2
            #expect(xs.allSatisfy { $0 - half >= 0 && $0 + half <= 640 }, "\(count): \(xs)")
            #expect(zip(xs, xs.dropFirst()).allSatisfy { $1 - $0 >= 2 * half }, "\(count): \(xs)")
        }
    }
}
