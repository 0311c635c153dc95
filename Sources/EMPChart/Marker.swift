/// The shapes a marked point takes. Hollow, so they differ from the filled dots of ordinary
/// points by more than colour, and from one another by outline.
enum MarkerShape: Equatable {
    case diamond, circle, square, triangle, invertedTriangle
}

/// How one flag of `ChartText.marks` is drawn. "B" (SDMX: break in time series) is the
/// break: a vertical dashed line at its category and a hollow diamond. Every other marked
/// flag ("P" provisional, "E" estimated…) is a point apart: a hollow shape of its own reached
/// by a dashed segment, the line's way of saying "not final".
struct MarkStyle: Equatable {
    let flag: String
    let label: String
    let shape: MarkerShape

    static let breakFlag = "B"

    var isBreak: Bool { flag == Self.breakFlag }

    /// Shapes for the flags other than B, in the order of the marks; beyond four such flags the
    /// shapes repeat (no report marks that many).
    private static let otherShapes: [MarkerShape] = [.circle, .square, .triangle, .invertedTriangle]

    /// The styles of `marks` in legend order; an empty or repeated flag is ignored.
    static func styles(for marks: [(flag: String, label: String)]) -> [MarkStyle] {
        var styles: [MarkStyle] = []
        for mark in marks where !mark.flag.isEmpty && !styles.contains(where: { $0.flag == mark.flag }) {
            let others = styles.filter { !$0.isBreak }.count
            let shape = mark.flag == breakFlag ? MarkerShape.diamond : otherShapes[others % otherShapes.count]
            styles.append(MarkStyle(flag: mark.flag, label: mark.label, shape: shape))
        }
        return styles
    }
}

extension [MarkStyle] {
    /// The style of `flag`, nil when the chart does not mark it.
    func style(for flag: String) -> MarkStyle? {
        first { $0.flag == flag }
    }
}

enum Marker {
    /// Half the size of a marker, larger than a dot so that a marked point stands out.
    static let radius = 4.5
    static let dotRadius = 2.5

    /// A hollow marker centred on (x, y), outlined in `color`, with `title` as its tooltip.
    static func draw(
        _ shape: MarkerShape, x: Double, y: Double, color: String, title: String?, into svg: inout SVGWriter
    ) {
        var attributes: SVGAttributes = ["fill": Palette.background, "stroke": color, "stroke-width": 1.5]
        switch shape {
        case .circle:
            attributes.set("cx", x)
            attributes.set("cy", y)
            attributes.set("r", radius)
            svg.element("circle", attributes, title: title)
        case .square:
            let side = radius * 1.6
            attributes.set("x", x - side / 2)
            attributes.set("y", y - side / 2)
            attributes.set("width", side)
            attributes.set("height", side)
            svg.element("rect", attributes, title: title)
        case .diamond, .triangle, .invertedTriangle:
            attributes.set("d", outline(shape, x: x, y: y).text)
            svg.element("path", attributes, title: title)
        }
    }

    /// The outline of the marker shapes drawn as paths.
    private static func outline(_ shape: MarkerShape, x: Double, y: Double) -> PathData {
        let r = radius * 1.25
        let corners: [(Double, Double)] =
            switch shape {
            case .diamond: [(0, -r), (r, 0), (0, r), (-r, 0)]
            case .triangle: [(0, -r), (r, r * 0.75), (-r, r * 0.75)]
            default: [(0, r), (r, -r * 0.75), (-r, -r * 0.75)]
            }
        var path = PathData()
        for (index, corner) in corners.enumerated() {
            if index == 0 { path.move(x + corner.0, y + corner.1) } else { path.line(x + corner.0, y + corner.1) }
        }
        path.close()
        return path
    }

    /// The filled dot of an unmarked point; `color` nil when its group gives the fill.
    static func dot(x: Double, y: Double, color: String?, title: String?, into svg: inout SVGWriter) {
        var attributes: SVGAttributes = ["cx": x, "cy": y, "r": dotRadius]
        if let color { attributes.set("fill", color) }
        svg.element("circle", attributes, title: title)
    }
}

/// The vertical dashed line of a break in series: the values before and after it were not
/// measured the same way, which a reader must see before comparing across it.
enum BreakLine {
    static func draw(x: Double, from top: Double, to bottom: Double, title: String?, into svg: inout SVGWriter) {
        let ends: SVGAttributes = ["class": "break", "x1": x, "y1": top, "x2": x, "y2": bottom]
        let look: SVGAttributes = ["stroke": Palette.breakLine, "stroke-dasharray": "3 3"]
        svg.element("line", ends.with(look), title: title)
    }
}
