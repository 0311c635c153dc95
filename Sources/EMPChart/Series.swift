/// Reading a series defensively: the report builds values and flags parallel to the
/// categories, but a chart must not trap when one is shorter, nor draw NaN when a value is
/// not a number.
extension ChartSeries {
    /// Values beyond this are no statistic but a fault upstream; treating them as missing
    /// keeps the scale's arithmetic finite.
    static let largestDrawn = 1e300

    /// The value at category `index`, nil when missing, out of range or not drawable.
    func value(at index: Int) -> Double? {
        guard values.indices.contains(index), let value = values[index] else { return nil }
        return value.isFinite && abs(value) <= Self.largestDrawn ? value : nil
    }

    /// The flag at category `index`, "" when there is none.
    func flag(at index: Int) -> String {
        flags.indices.contains(index) ? flags[index] : ""
    }

    /// Every drawable value over `count` categories.
    func drawnValues(count: Int) -> [Double] {
        (0..<count).compactMap(value(at:))
    }
}

/// The tooltip of a drawn value: "label, category: formatted value (flag)", the flag only
/// when the chart marks it (the others are not explained by the legend).
func pointTitle(series: String, category: String, value: Double, mark: MarkStyle?, text: ChartText) -> String {
    let flag = mark.map { " (\($0.flag))" } ?? ""
    return "\(series), \(category): \(text.format(value))\(flag)"
}
