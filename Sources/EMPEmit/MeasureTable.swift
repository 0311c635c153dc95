import EMPCore

/// `measures.csv`: ready-made values (rates, percentages, costs) as the sources give them,
/// with their unit. They are never summed or derived into indicators: a rate of a total is
/// not the sum of the rates of its parts.
public final class MeasureTable {
    public private(set) var rows: [Observation] = []

    public init() {}

    public var isEmpty: Bool { rows.isEmpty }

    public func add(_ obs: Observation) { rows.append(obs) }

    static let header = [
        "ref_area", "measure", "direction", "sex", "age", "education", "counterpart_area",
        "time_period", "obs_value", "unit_measure", "obs_status",
    ]

    /// The value as the source wrote it: the shortest text that reads back as the same number
    /// (`15.8252944946289`, `71.8`, `1509`), not rounded to a fixed number of decimals.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let s = String(v)
        return s.contains("e") ? ValueFormat.format(v, unit: "") : s
    }

    /// The sort key: country, measure, direction and breakdowns joined by U+0001, which sorts
    /// below every character of a code, so the joined texts sort as the fields would one by one.
    static func key(_ o: Observation) -> String {
        ([o.refArea, o.measure ?? "", o.direction?.rawValue ?? ""] + Dimensions.Field.allCases.map { o.dims[$0] })
            .joined(separator: "\u{1}")
    }

    /// Sorted by country, measure, breakdown and year, so the bytes do not depend on source
    /// order (keys made once per row: comparing tuples of texts was most of the time).
    public func csv() -> String {
        let keys = rows.map(MeasureTable.key)
        let order = rows.indices.sorted { i, j in
            if keys[i] != keys[j] { return keys[i] < keys[j] }
            let a = rows[i], b = rows[j]
            return (a.year, a.period ?? "", a.unit ?? "") < (b.year, b.period ?? "", b.unit ?? "")
        }
        let sorted = order.lazy.map { self.rows[$0] }
        var out = CSVText.line(MeasureTable.header)
        for o in sorted {
            out += CSVText.line([
                o.refArea, o.measure ?? "", o.direction?.rawValue ?? "_Z", o.dims.sex, o.dims.age,
                o.dims.education, o.dims.partner, o.period ?? String(o.year),
                o.value.map(MeasureTable.format) ?? "", o.unit.map(UnitCodes.canonical) ?? "", o.status.code,
            ])
        }
        return out
    }
}
