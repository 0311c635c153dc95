/// The vertical value axis of the line and stacked charts: a gridline and a label per tick,
/// and the zero line, darker, which is the baseline or, when values run negative, the line
/// that tells gains from losses (net migration).
struct ValueAxis {
    let scale: LinearScale
    let labels: [String]

    private static let labelGap = 6.0

    init(scale: LinearScale, format: (Double) -> String) {
        self.scale = scale
        labels = scale.ticks.map(format)
    }

    /// Where the plot starts: right of the widest tick label.
    var plotLeft: Double {
        let widest = labels.map { TextMetrics.width($0) }.max() ?? 0
        return ChartFrame.margin + widest + Self.labelGap
    }

    /// The vertical position of `value` in `plot`.
    func y(_ value: Double, in plot: Rect) -> Double {
        plot.maxY - scale.fraction(value) * plot.height
    }

    func draw(in plot: Rect, into svg: inout SVGWriter) {
        // The labels take their alignment from the group (once, not per label: a report has
        // thousands of them) and their colour from the chart.
        svg.open("g", ["class": "value-axis", "text-anchor": "end"])
        for (tick, label) in zip(scale.ticks, labels) {
            let y = y(tick, in: plot)
            if tick != 0 {
                svg.element("line", ["x1": plot.x, "y1": y, "x2": plot.maxX, "y2": y, "stroke": Palette.grid])
            }
            svg.element("text", ["x": plot.x - Self.labelGap, "y": y + 4], text: label)
        }
        let zero = y(0, in: plot)
        let ends: SVGAttributes = ["class": "zero", "x1": plot.x, "y1": zero, "x2": plot.maxX, "y2": zero]
        svg.element("line", ends.with(["stroke": Palette.ink]))
        svg.close("g")
    }
}
