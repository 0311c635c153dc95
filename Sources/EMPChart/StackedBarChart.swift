/// A bar per category, its segments the series' values stacked from the bottom in series order
/// (the composition of a year's flow: shares summing to 100). A missing value counts as 0; a
/// category with no value at all gets no bar, which is not the same as a bar of height 0 and is
/// not drawn as one. Negative values have no place in a stack and are drawn as 0 (their
/// tooltip still tells them). A bar with a marked value has the flag letter over it.
struct StackedBarChart {
    let categories: [String]
    let series: [ChartSeries]
    let text: ChartText
    let styles: [MarkStyle]

    static let height = 320.0
    /// Room over the plot for the flag letters over a full bar.
    private static let letterHeadroom = 12.0
    /// Sums within rounding of 100 (33.4 + 33.3 + 33.4) keep the 0…100 axis.
    private static let fullTolerance = 0.5

    init(categories: [String], series: [ChartSeries], text: ChartText) {
        (self.categories, self.series, self.text) = (categories, series, text)
        styles = MarkStyle.styles(for: text.marks)
    }

    func render() -> String {
        let totals = categories.indices.map(total(at:))
        let drawn = totals.compactMap { $0 }
        let letters = occurringStyles
        let legend = Legend(
            items: drawn.isEmpty ? [] : legendItems(letters), left: ChartFrame.margin,
            width: ChartFrame.width - 2 * ChartFrame.margin)
        let frame = ChartFrame(
            text: text, legendHeight: legend.height, headroom: letters.isEmpty ? 0 : Self.letterHeadroom,
            height: .fixed(Self.height))
        guard !drawn.isEmpty else { return frame.emptyDocument(text) }
        let highest = drawn.max() ?? 0
        let scale = LinearScale(lower: 0, upper: highest > 100 + Self.fullTolerance ? highest : 100)
        let axis = ValueAxis(scale: scale, format: text.format)
        let categoryAxis = CategoryAxis(categories: categories, plot: frame.plot(left: axis.plotLeft))
        return frame.document(text) { svg in
            axis.draw(in: categoryAxis.plot, into: &svg)
            categoryAxis.draw(baseline: categoryAxis.plot.maxY + 16, into: &svg)
            for index in categories.indices where totals[index] != nil {
                drawBar(index, axis: axis, categories: categoryAxis, into: &svg)
            }
            legend.draw(top: frame.legendTop, into: &svg)
        }
    }

    /// The height of the stack at a category, nil when no series has a value there.
    private func total(at index: Int) -> Double? {
        let values = series.compactMap { $0.value(at: index) }
        return values.isEmpty ? nil : values.reduce(0) { $0 + max(0, $1) }
    }

    private func legendItems(_ letters: [MarkStyle]) -> [LegendItem] {
        let swatches =
            series.count > 1
            ? series.enumerated().map { LegendItem(symbol: .swatch(color: Palette.color($0)), label: $1.label) } : []
        return swatches + letters.map { LegendItem(symbol: .letter($0.flag), label: $0.label) }
    }

    /// The marks some drawn value carries, in the order of `text.marks`.
    private var occurringStyles: [MarkStyle] {
        styles.filter { style in categories.indices.contains { marks(at: $0).contains(style) } }
    }

    /// The marks of the values present at a category, each once, in legend order.
    private func marks(at index: Int) -> [MarkStyle] {
        styles.filter { style in series.contains { $0.value(at: index) != nil && $0.flag(at: index) == style.flag } }
    }

    private func drawBar(_ index: Int, axis: ValueAxis, categories: CategoryAxis, into svg: inout SVGWriter) {
        let width = min(categories.band * 0.7, 56), x = categories.center(index) - width / 2
        var base = 0.0
        svg.open("g", ["class": "bar"])
        for (position, segment) in series.enumerated() {
            guard let value = segment.value(at: index) else { continue }
            let top = base + max(0, value)
            let y0 = axis.y(base, in: categories.plot), y1 = axis.y(top, in: categories.plot)
            let title = pointTitle(
                series: segment.label, category: self.categories[index], value: value,
                mark: styles.style(for: segment.flag(at: index)), text: text)
            let box: SVGAttributes = ["x": x, "y": y1, "width": width, "height": y0 - y1]
            svg.element(
                "rect", box.with(["fill": Palette.color(position), "stroke": Palette.background, "stroke-width": 0.5]),
                title: title)
            base = top
        }
        drawLetters(marks(at: index), x: x + width / 2, y: axis.y(base, in: categories.plot) - 4, into: &svg)
        svg.close("g")
    }

    private func drawLetters(_ marks: [MarkStyle], x: Double, y: Double, into svg: inout SVGWriter) {
        guard !marks.isEmpty else { return }
        let position: SVGAttributes = ["class": "flag", "x": x, "y": y, "text-anchor": "middle"]
        let look: SVGAttributes = ["font-size": 11, "font-weight": "bold"]
        svg.element("text", position.with(look), text: marks.map(\.flag).joined(separator: " "))
    }
}
