import EMPCore

/// `measures.csv`: ready-made values (rates, percentages, costs) as the sources give them,
/// with their unit. They are never summed or derived into indicators: a rate of a total is
/// not the sum of the rates of its parts.
public final class MeasureTable {
    public private(set) var rows: [Observation] = []

    public init() {}

    public var isEmpty: Bool { rows.isEmpty }

    public func add(_ obs: Observation) { rows.append(obs) }

    static let header = ["ref_area", "measure", "direction", "sex", "age", "education", "counterpart_area",
                         "time_period", "obs_value", "unit_measure", "obs_status"]

    /// The value as the source wrote it: the shortest text that reads back as the same number
    /// (`15.8252944946289`, `71.8`, `1509`), not rounded to a fixed number of decimals.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let s = String(v)
        return s.contains("e") ? ValueFormat.format(v, unit: "") : s
    }

    static func precedes(_ a: Observation, _ b: Observation) -> Bool {
        let ka = (a.refArea, a.measure ?? "", a.direction?.rawValue ?? "", a.dims)
        let kb = (b.refArea, b.measure ?? "", b.direction?.rawValue ?? "", b.dims)
        if ka != kb { return ka < kb }
        return (a.year, a.period ?? "", a.unit ?? "") < (b.year, b.period ?? "", b.unit ?? "")
    }

    /// Sorted by country, measure, breakdown and year, so the bytes do not depend on source order.
    public func csv() -> String {
        let sorted = rows.sorted(by: MeasureTable.precedes)
        var out = CSVText.line(MeasureTable.header)
        for o in sorted {
            out += CSVText.line([o.refArea, o.measure ?? "", o.direction?.rawValue ?? "_Z", o.dims.sex, o.dims.age,
                                 o.dims.education, o.dims.partner, o.period ?? String(o.year),
                                 o.value.map(MeasureTable.format) ?? "", o.unit ?? "", o.status.code])
        }
        return out
    }
}
