import EMPCore

/// `measures.csv`: ready-made values (rates, percentages, costs) as the sources give them,
/// with their unit. They are never summed or derived into indicators: a rate of a total is
/// not the sum of the rates of its parts.
public final class MeasureTable {
    public private(set) var rows: [Observation] = []

    public init() {}

    public var isEmpty: Bool { rows.isEmpty }

    public func add(_ obs: Observation) { rows.append(obs) }

    /// A source's rows, taken as they are when they are the first (no copy: a measures
    /// source can be 180,000 rows, and a copy beside the original was the run's peak memory).
    public func add(contentsOf more: consuming [Observation]) {
        if rows.isEmpty { rows = more } else { rows.append(contentsOf: more) }
    }

    static let header = [
        "ref_area", "measure", "direction", "sex", "age", "education", "counterpart_area",
        "time_period", "obs_value", "unit_measure", "obs_status",
    ]

    /// The value as the source wrote it: the shortest text that reads back as the same number
    /// (`15.8252944946289`, `71.8`, `1509`), not rounded to a fixed number of decimals.
    /// A value read in E notation (`5.80897E-05`) is written out in full (`0.0000580897`), not
    /// rounded to six decimals: a rate that small would lose its digits.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let s = String(v)
        return s.contains("e") ? expanded(s) ?? ValueFormat.format(v, unit: "") : s
    }

    /// `5.80897e-05` → `0.0000580897`, `-1.5e+20` → `-150000000000000000000`: the same digits
    /// with the exponent written as zeros.
    static func expanded(_ s: String) -> String? {
        let parts = s.split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1].replacingOccurrences(of: "+", with: "")) else {
            return nil
        }
        let negative = parts[0].hasPrefix("-")
        let mantissa = negative ? parts[0].dropFirst() : parts[0]
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(pieces[0]), fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        if point <= 0 { digits = String(repeating: "0", count: 1 - point) + digits; point = 1 }
        if point > digits.count { digits += String(repeating: "0", count: point - digits.count) }
        var text = String(digits.prefix(point))
        var tail = String(digits.dropFirst(point))
        while tail.hasSuffix("0") { tail.removeLast() }
        if !tail.isEmpty { text += "." + tail }
        return (negative ? "-" : "") + text
    }

    /// The sort key: country, measure, direction and breakdowns joined by U+0001, which sorts
    /// below every character of a code, so the joined texts sort as the fields would one by one.
    static func key(_ o: Observation) -> String {
        ([o.refArea, o.measure ?? "", o.direction?.rawValue ?? ""] + Dimensions.Field.allCases.map { o.dims[$0] })
            .joined(separator: "\u{1}")
    }

    /// Series, not padding (issue 11), as in indicators.csv: a measure of a country in one
    /// breakdown runs from its first observation to its last; a row is an observation when it
    /// has a value or a flag of its own (`Q` suppressed, `L` not collected say something), not
    /// when it is only missing (`O`: a DataBank `..`). The missing rows inside a series stay, so a reader sees
    /// the gap; a series with no observation is not written (the corridors a cost file lists
    /// with no cost in any quarter were 94% of its rows).
    func series(_ order: [Int], keys: [String]) -> [Int] {
        var kept: [Int] = []
        kept.reserveCapacity(order.count)
        var i = 0
        while i < order.count {
            var j = i + 1
            while j < order.count, keys[order[j]] == keys[order[i]] { j += 1 }
            let run = order[i..<j]
            if let first = run.firstIndex(where: isObservation), let last = run.lastIndex(where: isObservation) {
                kept.append(contentsOf: order[first...last])
            }
            i = j
        }
        return kept
    }

    private func isObservation(_ row: Int) -> Bool {
        rows[row].value != nil || rows[row].status.code != ObsStatus.missing.code
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
        var out = CSVText.line(MeasureTable.header)
        for o in series(order, keys: keys).lazy.map({ self.rows[$0] }) {
            out += CSVText.line([
                o.refArea, o.measure ?? "", o.direction?.rawValue ?? "_Z", o.dims.sex, o.dims.age,
                o.dims.education, o.dims.partner, o.period ?? String(o.year),
                o.value.map(MeasureTable.format) ?? "", o.unit.map(UnitCodes.canonical) ?? "", o.status.code,
            ])
        }
        return out
    }
}
