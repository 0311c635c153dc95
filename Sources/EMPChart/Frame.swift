/// A rectangle of the view box.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }
}

/// The regions of a chart, top to bottom: legend, unit caption, (headroom), plot, category
/// labels, source note. Every chart is 640 wide, the width the font sizes are chosen for; the
/// line and stacked charts have a fixed height too (the plot gives way to a long legend),
/// the horizontal bars grow a row per bar.
struct ChartFrame {
    static let width = 640.0
    static let margin = 8.0
    private static let captionHeight = 18.0
    private static let sourceLineHeight = 12.0

    /// How the height is set: the whole chart's, or the plot's (the chart growing around it).
    enum Height {
        case fixed(Double)
        case plot(Double)
    }

    let height: Double
    let legendTop: Double
    let captionBaseline: Double
    let plotTop: Double
    let plotBottom: Double
    let sourceLines: [String]
    let sourceTop: Double

    /// `headroom` is room above the plot for what rises over the tallest bar (flag letters);
    /// `axisHeight` the room under it for the category labels.
    init(text: ChartText, legendHeight: Double, headroom: Double = 0, axisHeight: Double = 24, height: Height) {
        let innerWidth = Self.width - 2 * Self.margin
        let limit = TextMetrics.characters(fitting: innerWidth, fontSize: TextMetrics.smallFontSize)
        sourceLines = TextMetrics.wrap(text.source, limit: limit)
        legendTop = Self.margin
        let captionTop = legendTop + legendHeight
        captionBaseline = captionTop + 13
        plotTop = captionTop + (text.unit.isEmpty ? 0 : Self.captionHeight) + 8 + headroom
        let below = axisHeight + Double(sourceLines.count) * Self.sourceLineHeight + Self.margin
        switch height {
        case .fixed(let total):
            self.height = total
            plotBottom = max(plotTop + 40, total - below)
        case .plot(let plotHeight):
            plotBottom = plotTop + plotHeight
            self.height = plotBottom + below
        }
        sourceTop = plotBottom + axisHeight
    }

    /// The plot area between `left` and the right margin.
    func plot(left: Double) -> Rect {
        Rect(x: left, y: plotTop, width: Self.width - Self.margin - 4 - left, height: plotBottom - plotTop)
    }

    /// The whole `<svg>`: its accessible name and description first, then `body`, then the
    /// unit caption and the source note, which every chart has in the same place.
    func document(_ text: ChartText, body: (inout SVGWriter) -> Void) -> String {
        document(text, unit: text.unit, body: body)
    }

    /// The chart of no data: a dash in place of the plot, and no unit, which would caption
    /// nothing.
    func emptyDocument(_ text: ChartText) -> String {
        document(text, unit: "", body: drawPlaceholder)
    }

    private func document(_ text: ChartText, unit: String, body: (inout SVGWriter) -> Void) -> String {
        var svg = SVGWriter()
        svg.open("svg", rootAttributes(text))
        svg.element("title", ["id": "\(text.id)-title"], text: text.title)
        svg.element("desc", ["id": "\(text.id)-desc"], text: text.description)
        body(&svg)
        drawCaption(unit, into: &svg)
        drawSource(into: &svg)
        svg.close("svg")
        return svg.output
    }

    private func rootAttributes(_ text: ChartText) -> SVGAttributes {
        let root: SVGAttributes = [
            "xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(SVG.number(Self.width)) \(SVG.number(height))",
            "width": "100%", "role": "img", "aria-labelledby": "\(text.id)-title \(text.id)-desc",
        ]
        // Text is ink unless it says otherwise (said once here, not on each of a report's
        // thousands of labels); every shape names its own fill.
        return root.with([
            "font-family": "system-ui, sans-serif", "font-size": TextMetrics.fontSize, "fill": Palette.ink,
        ])
    }

    /// The unit of the value axis, above the plot at the left, read before the numbers.
    private func drawCaption(_ unit: String, into svg: inout SVGWriter) {
        guard !unit.isEmpty else { return }
        let attributes: SVGAttributes = ["class": "unit", "x": Self.margin, "y": captionBaseline]
        svg.element("text", attributes, text: unit)
    }

    private func drawSource(into svg: inout SVGWriter) {
        for (index, line) in sourceLines.enumerated() {
            let y = sourceTop + Double(index + 1) * Self.sourceLineHeight - 2
            let attributes: SVGAttributes = ["class": "source", "x": Self.margin, "y": y]
            svg.element(
                "text", attributes.with(["font-size": TextMetrics.smallFontSize, "fill": Palette.muted]), text: line)
        }
    }

    /// What an empty chart shows in place of the plot: a dash, the report's sign for "no data".
    private func drawPlaceholder(into svg: inout SVGWriter) {
        let attributes: SVGAttributes = [
            "class": "empty", "x": Self.width / 2, "y": (plotTop + plotBottom) / 2 + 8, "text-anchor": "middle",
        ]
        svg.element("text", attributes.with(["font-size": 24, "fill": Palette.muted]), text: "–")
    }
}
