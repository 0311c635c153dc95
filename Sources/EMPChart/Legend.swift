/// What stands before a legend label: the look of the thing it explains.
enum LegendSymbol {
    /// A series of a line chart: a short stroke with a dot.
    case line(color: String)
    /// A series of stacked bars: a filled square.
    case swatch(color: String)
    /// A marked flag of a line chart: its hollow marker (with the dashed line for a break).
    case marker(MarkStyle)
    /// A marked flag of stacked bars: the letter printed over the bar.
    case letter(String)
}

struct LegendItem {
    let symbol: LegendSymbol
    let label: String
}

/// The legend above the plot: items left to right, wrapping to a new row when the next one
/// would leave the view box, so that a long list costs plot height rather than legibility.
struct Legend {
    static let rowHeight = 18.0
    static let symbolWidth = 16.0
    private static let labelGap = 5.0
    private static let itemGap = 14.0

    private(set) var rows: [[(item: LegendItem, x: Double)]] = []

    init(items: [LegendItem], left: Double, width: Double) {
        let limit = TextMetrics.characters(fitting: width - Self.symbolWidth - Self.labelGap)
        var x = left
        for item in items {
            let shown = LegendItem(symbol: item.symbol, label: TextMetrics.truncate(item.label, to: limit))
            let itemWidth = Self.symbolWidth + Self.labelGap + TextMetrics.width(shown.label)
            if rows.isEmpty || (x > left && x + itemWidth > left + width) {
                rows.append([])
                x = left
            }
            rows[rows.count - 1].append((shown, x))
            x += itemWidth + Self.itemGap
        }
    }

    var height: Double { Double(rows.count) * Self.rowHeight }

    func draw(top: Double, into svg: inout SVGWriter) {
        guard !rows.isEmpty else { return }
        svg.open("g", ["class": "legend"])
        for (index, row) in rows.enumerated() {
            let middle = top + Double(index) * Self.rowHeight + Self.rowHeight / 2
            for (item, x) in row {
                drawSymbol(item.symbol, x: x, middle: middle, into: &svg)
                let labelX = x + Self.symbolWidth + Self.labelGap
                svg.element("text", ["x": labelX, "y": middle + 4], text: item.label)
            }
        }
        svg.close("g")
    }

    private func drawSymbol(_ symbol: LegendSymbol, x: Double, middle: Double, into svg: inout SVGWriter) {
        let center = x + Self.symbolWidth / 2
        switch symbol {
        case .line(let color):
            let stroke: SVGAttributes = ["x1": x, "y1": middle, "x2": x + Self.symbolWidth, "y2": middle]
            svg.element("line", stroke.with(["stroke": color, "stroke-width": 2]))
            Marker.dot(x: center, y: middle, color: color, title: nil, into: &svg)
        case .swatch(let color):
            let side = 10.0
            svg.element(
                "rect", ["x": center - side / 2, "y": middle - side / 2, "width": side, "height": side, "fill": color])
        case .marker(let style):
            if style.isBreak { BreakLine.draw(x: center, from: middle - 8, to: middle + 8, title: nil, into: &svg) }
            Marker.draw(style.shape, x: center, y: middle, color: Palette.ink, title: nil, into: &svg)
        case .letter(let flag):
            let attributes: SVGAttributes = ["x": center, "y": middle + 4, "text-anchor": "middle"]
            svg.element("text", attributes.with(["font-weight": "bold"]), text: flag)
        }
    }
}
