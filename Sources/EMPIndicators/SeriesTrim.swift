/// Series, not padding (issue 11): a series — a country's indicator in one breakdown — exists
/// where it has at least one value, and runs from the year of its first value to the year of
/// its last; the missing years inside stay, with their flag (O: no input, M: a zero
/// denominator), so a reader sees the gap. A series with no value at all is not published:
/// the indicator has no input for the country (`coverage_domains` says what exists).
extension IndicatorValue {
    /// `rows` in table order (a series' rows are consecutive, years ascending).
    public static func trimmedToSeries(_ rows: [IndicatorValue]) -> [IndicatorValue] {
        var out: [IndicatorValue] = []
        var i = 0
        while i < rows.count {
            var j = i + 1
            while j < rows.count, sameSeries(rows[j], rows[i]) { j += 1 }
            if let first = (i..<j).first(where: { rows[$0].isObservation }),
                let last = (i..<j).last(where: { rows[$0].isObservation })
            {
                out.append(contentsOf: rows[first...last])
            }
            i = j
        }
        return out
    }

    /// A value, except a `coverage_domains` of 0: that count exists for every year the
    /// country has a population, and a 0 before its first data or after its last says only that
    /// there is none (it was half of the rows of that indicator in the real-world release). A 0
    /// between two years with data stays: it is the gap.
    var isObservation: Bool {
        // A withheld value exists: its row says so (Q, C or D) rather than vanish from the series.
        if conf != .free { return true }
        guard let v = value else { return false }
        return v != 0 || indicator != "coverage_domains"
    }

    public static func sameSeries(_ a: IndicatorValue, _ b: IndicatorValue) -> Bool {
        a.refArea == b.refArea && a.indicator == b.indicator && a.sex == b.sex && a.counterpart == b.counterpart
            && a.sector == b.sector && a.rank == b.rank && a.unit == b.unit
    }
}
