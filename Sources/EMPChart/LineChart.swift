/// A line per series over the categories. A missing value breaks its line (no segment is
/// drawn across a gap: joining the neighbours would invent the missing year). A point whose
/// flag is marked gets its marker (see `MarkStyle`); the others are small filled dots. Every
/// point carries its value as a tooltip.
struct LineChart {
    let categories: [String]
    let series: [ChartSeries]
    let text: ChartText
    let styles: [MarkStyle]

    static let height = 320.0
    private static let lineWidth = 2.0

    init(categories: [String], series: [ChartSeries], text: ChartText) {
        (self.categories, self.series, self.text) = (categories, series, text)
        styles = MarkStyle.styles(for: text.marks)
    }

    func render() -> String {
        let values = series.flatMap { $0.drawnValues(count: categories.count) }
        let legend = Legend(
            items: values.isEmpty ? [] : legendItems, left: ChartFrame.margin,
            width: ChartFrame.width - 2 * ChartFrame.margin)
        let frame = ChartFrame(text: text, legendHeight: legend.height, height: .fixed(Self.height))
        guard !values.isEmpty else { return frame.emptyDocument(text) }
        let axis = ValueAxis(scale: LinearScale(covering: values), format: text.format)
        let plot = frame.plot(left: axis.plotLeft)
        let geometry = Geometry(axis: axis, categories: CategoryAxis(categories: categories, plot: plot))
        return frame.document(text) { svg in
            axis.draw(in: plot, into: &svg)
            geometry.categories.draw(baseline: plot.maxY + 16, into: &svg)
            drawBreaks(geometry, into: &svg)
            for index in series.indices { drawSeries(index, geometry, into: &svg) }
            legend.draw(top: frame.legendTop, into: &svg)
        }
    }

    /// The series (when more than one: a single line is named by the title) and the marks
    /// that occur, so the legend explains nothing that is not drawn.
    private var legendItems: [LegendItem] {
        let lines =
            series.count > 1
            ? series.enumerated().map { LegendItem(symbol: .line(color: Palette.color($0)), label: $1.label) } : []
        return lines + occurringStyles.map { LegendItem(symbol: .marker($0), label: $0.label) }
    }

    /// The marks some drawn point carries, in the order of `text.marks`.
    private var occurringStyles: [MarkStyle] {
        styles.filter { style in
            series.contains { s in
                categories.indices.contains { s.value(at: $0) != nil && s.flag(at: $0) == style.flag }
            }
        }
    }

    /// Where points go: the category axis across, the value axis up.
    private struct Geometry {
        let axis: ValueAxis
        let categories: CategoryAxis

        func point(_ series: ChartSeries, _ index: Int) -> (x: Double, y: Double)? {
            series.value(at: index).map { (categories.center(index), axis.y($0, in: categories.plot)) }
        }
    }

    /// A dashed vertical line at each category where some series breaks, drawn once however
    /// many series break there, under the lines.
    private func drawBreaks(_ geometry: Geometry, into svg: inout SVGWriter) {
        guard let style = styles.first(where: \.isBreak) else { return }
        for index in categories.indices where series.contains(where: { isBreak($0, index, style) }) {
            let plot = geometry.categories.plot
            BreakLine.draw(
                x: geometry.categories.center(index), from: plot.y, to: plot.maxY,
                title: "\(style.label): \(categories[index])", into: &svg)
        }
    }

    private func isBreak(_ series: ChartSeries, _ index: Int, _ style: MarkStyle) -> Bool {
        series.value(at: index) != nil && series.flag(at: index) == style.flag
    }

    private func drawSeries(_ index: Int, _ geometry: Geometry, into svg: inout SVGWriter) {
        let line = series[index], color = Palette.color(index)
        // The dots and the point labels take the series' colour from the group; the line and
        // the hollow markers say their own fill.
        svg.open("g", ["class": "series", "fill": color])
        for run in runs(of: line) {
            drawPath(run.indexes.compactMap { geometry.point(line, $0) }, color: color, dashed: run.dashed, into: &svg)
        }
        for category in categories.indices {
            guard let (x, y) = geometry.point(line, category), let value = line.value(at: category) else { continue }
            let mark = styles.style(for: line.flag(at: category))
            let title = pointTitle(
                series: line.label, category: categories[category], value: value, mark: mark, text: text)
            if let mark {
                Marker.draw(mark.shape, x: x, y: y, color: color, title: title, into: &svg)
            } else {
                Marker.dot(x: x, y: y, color: nil, title: title, into: &svg)
            }
            // A point with no neighbour draws no line: its value is printed beside it, or a
            // single year's figure would be a dot to read off the axis.
            if line.value(at: category - 1) == nil, line.value(at: category + 1) == nil {
                let end = x > geometry.categories.plot.maxX - 60
                var label: SVGAttributes = ["x": x + (end ? -8 : 8), "y": y - 6, "class": "point-label"]
                if end { label.set("text-anchor", "end") }
                svg.element("text", label, text: text.format(value))
            }
        }
        svg.close("g")
    }

    /// A stretch of consecutive present values drawn as one path.
    struct Run: Equatable {
        var indexes: [Int]
        var dashed: Bool
    }

    /// The line of `series` cut into runs: a gap ends a run, and the segment leading to a
    /// marked point other than a break is a dashed run of its own.
    func runs(of series: ChartSeries) -> [Run] {
        var runs: [Run] = [], current: [Int] = []
        for index in categories.indices {
            guard series.value(at: index) != nil else {
                if current.count > 1 { runs.append(Run(indexes: current, dashed: false)) }
                current = []
                continue
            }
            if let previous = current.last, leadsDashed(series, index) {
                if current.count > 1 { runs.append(Run(indexes: current, dashed: false)) }
                runs.append(Run(indexes: [previous, index], dashed: true))
                current = []
            }
            current.append(index)
        }
        if current.count > 1 { runs.append(Run(indexes: current, dashed: false)) }
        return runs
    }

    private func leadsDashed(_ series: ChartSeries, _ index: Int) -> Bool {
        styles.style(for: series.flag(at: index)).map { !$0.isBreak } ?? false
    }

    private func drawPath(_ points: [(x: Double, y: Double)], color: String, dashed: Bool, into svg: inout SVGWriter) {
        var path = PathData()
        for (offset, point) in points.enumerated() {
            if offset == 0 { path.move(point.x, point.y) } else { path.line(point.x, point.y) }
        }
        var attributes: SVGAttributes = ["d": path.text, "fill": "none", "stroke": color]
        attributes.set("stroke-width", Self.lineWidth)
        attributes.set("stroke-linejoin", "round")
        if dashed { attributes.set("stroke-dasharray", "4 3") }
        svg.element("path", attributes)
    }
}
