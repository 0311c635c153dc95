/// Horizontal bars in the order given (the report sorts them, largest first): the label at the
/// left, the bar's length proportional to its value with the largest spanning the room there
/// is, and the bar's note ("32.1%") at its end, so the values are read without an axis. The
/// chart grows a row per bar; a value that is negative or not a number is a bar of length 0.
struct BarChart {
    let bars: [ChartBar]
    let text: ChartText

    static let rowHeight = 24.0
    static let barThickness = 16.0
    /// Longer labels are cut with "…"; the bar's tooltip has the whole label.
    static let maxLabelCharacters = 28
    private static let gap = 8.0
    /// The shortest room left for the bars, however long the labels and notes.
    private static let minimumBarRoom = 120.0

    func render() -> String {
        let frame = ChartFrame(
            text: text, legendHeight: 0, axisHeight: 6, height: .plot(Self.rowHeight * Double(max(1, bars.count))))
        guard !bars.isEmpty else { return frame.emptyDocument(text) }
        let layout = Layout(bars: bars, top: frame.plotTop)
        return frame.document(text) { svg in
            svg.element(
                "line",
                [
                    "x1": layout.barLeft, "y1": frame.plotTop, "x2": layout.barLeft, "y2": frame.plotBottom,
                    "stroke": Palette.ink,
                ])
            for index in bars.indices { drawRow(index, layout, into: &svg) }
        }
    }

    /// The columns of the chart: labels, then bars, then notes, sized from the longest of each.
    private struct Layout {
        let labels: [String]
        let barLeft: Double
        let barRoom: Double
        let longest: Double
        let top: Double

        init(bars: [ChartBar], top: Double) {
            labels = bars.map { TextMetrics.truncate($0.label, to: BarChart.maxLabelCharacters) }
            let labelWidth = labels.map { TextMetrics.width($0) }.max() ?? 0
            let noteWidth = bars.map { TextMetrics.width($0.note) }.max() ?? 0
            let right = ChartFrame.width - ChartFrame.margin - noteWidth - BarChart.gap / 2
            barLeft = min(ChartFrame.margin + labelWidth + BarChart.gap, right - BarChart.minimumBarRoom)
            barRoom = right - barLeft
            longest = bars.map { BarChart.drawnValue($0.value) }.max() ?? 0
            self.top = top
        }

        func length(_ value: Double) -> Double {
            longest > 0 ? BarChart.drawnValue(value) / longest * barRoom : 0
        }

        func middle(_ index: Int) -> Double {
            top + (Double(index) + 0.5) * BarChart.rowHeight
        }
    }

    private static func drawnValue(_ value: Double) -> Double {
        value.isFinite ? max(0, value) : 0
    }

    private func drawRow(_ index: Int, _ layout: Layout, into svg: inout SVGWriter) {
        let bar = bars[index], middle = layout.middle(index), length = layout.length(bar.value)
        svg.open("g", ["class": "bar"])
        let label: SVGAttributes = ["x": layout.barLeft - Self.gap, "y": middle + 4, "text-anchor": "end"]
        svg.element("text", label, text: layout.labels[index])
        let box: SVGAttributes = [
            "x": layout.barLeft, "y": middle - Self.barThickness / 2, "width": length, "height": Self.barThickness,
        ]
        let shown = !bar.note.isEmpty ? bar.note : bar.value.isFinite ? text.format(bar.value) : "–"
        svg.element("rect", box.with(["fill": Palette.color(0)]), title: "\(bar.label): \(shown)")
        let note: SVGAttributes = ["x": layout.barLeft + length + Self.gap / 2, "y": middle + 4]
        if !bar.note.isEmpty { svg.element("text", note, text: bar.note) }
        svg.close("g")
    }
}
