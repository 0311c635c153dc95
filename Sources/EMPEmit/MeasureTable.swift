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

    /// Sorted by country, measure, breakdown and year, so the bytes do not depend on source order.
    public func csv() -> String {
        let sorted = rows.sorted { a, b in
            (a.refArea, a.measure ?? "", a.direction?.rawValue ?? "", a.dims, a.year, a.unit ?? "")
                < (b.refArea, b.measure ?? "", b.direction?.rawValue ?? "", b.dims, b.year, b.unit ?? "")
        }
        var out = CSVText.line(MeasureTable.header)
        for o in sorted {
            out += CSVText.line([o.refArea, o.measure ?? "", o.direction?.rawValue ?? "_Z", o.dims.sex, o.dims.age,
                                 o.dims.education, o.dims.partner, String(o.year),
                                 o.value.map { ValueFormat.format($0, unit: o.unit ?? "") } ?? "", o.unit ?? "", o.status.code])
        }
        return out
    }
}
