/// The horizontal category axis (years): one band per category, the point or bar at its
/// centre. Labels are thinned to every 2nd, 5th, 10th… when they are many or would touch,
/// the first and the last always shown, since they say what period the chart covers.
struct CategoryAxis {
    let labels: [String]
    let plot: Rect

    /// At most this many labels are printed, whatever room there is.
    static let maxLabels = 12
    /// A category label longer than this is cut: the axis is for years, quarters, short codes.
    static let maxLabelCharacters = 16
    private static let labelGap = 8.0

    init(categories: [String], plot: Rect) {
        labels = categories.map { TextMetrics.truncate($0, to: Self.maxLabelCharacters) }
        self.plot = plot
    }

    var band: Double { plot.width / Double(max(1, labels.count)) }

    func center(_ index: Int) -> Double {
        plot.x + (Double(index) + 0.5) * band
    }

    /// The room one label needs, its own width plus a gap to the next.
    private var labelRoom: Double {
        (labels.map { TextMetrics.width($0) }.max() ?? 0) + Self.labelGap
    }

    /// The smallest step of 1, 2, 5, 10, 20, 50… at which the labels fit, by count and room.
    /// A step as large as the number of labels always fits (only first and last are left).
    var step: Int {
        var power = 1
        while true {
            for mantissa in [1, 2, 5] where labelsFit(step: mantissa * power) { return mantissa * power }
            power *= 10
        }
    }

    private func labelsFit(step: Int) -> Bool {
        let count = (labels.count + step - 1) / step
        return step >= labels.count || (count <= Self.maxLabels && Double(step) * band >= labelRoom)
    }

    /// The categories whose label is printed: every `step`-th from the first, and the last; the
    /// one before the last is dropped when the two would collide, the last moved in from the
    /// edge included (the first is never dropped).
    var shownIndexes: [Int] {
        guard let last = labels.indices.last else { return [] }
        var shown = Array(stride(from: 0, to: last, by: step))
        if let previous = shown.last, previous > 0, labelX(last) - labelX(previous) < labelRoom {
            shown.removeLast()
        }
        return shown + [last]
    }

    func draw(baseline: Double, into svg: inout SVGWriter) {
        // Alignment set once on the group, as on the value axis.
        svg.open("g", ["class": "category-axis", "text-anchor": "middle"])
        for index in shownIndexes {
            svg.element("text", ["x": labelX(index), "y": baseline], text: labels[index])
        }
        svg.close("g")
    }

    /// The label's centre: under its category, but moved in when a long first or last label
    /// ("2024Q4") would run past the edge of the view box.
    private func labelX(_ index: Int) -> Double {
        let half = TextMetrics.width(labels[index]) / 2, edge = 2.0
        return max(edge + half, min(center(index), ChartFrame.width - edge - half))
    }
}
