import EMPCore
import Foundation

/// `measures.csv`: ready-made values (rates, percentages, costs) as the sources give them,
/// with their unit. They are never summed or derived into indicators: a rate of a total is
/// not the sum of the rates of its parts.
public final class MeasureTable {
    /// One row, its texts as ids into `texts`: a measures source can be 180,000 rows, held from
    /// its import to the end of the ingest, and as `Observation`s (~270 bytes each, eight
    /// breakdowns as strings) they were the largest part of a first run's peak memory.
    struct Row {
        /// The series: area, measure (or ""), direction (or ""), then the eight breakdowns in
        /// `Dimensions.Field` order: what `key` joined.
        var series: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32)
        /// The period's text or "" (the year stands for it), the unit or "".
        var period: Int32
        var unit: Int32
        var status: Int32
        var year: Int32
        var hasPeriod: Bool
        var hasUnit: Bool
        var value: Double?
    }

    private var rows = ChunkedArray<Row>()
    private var texts: [String] = []
    private var ids: [String: Int32] = [:]

    public init() {}

    public var isEmpty: Bool { rows.isEmpty }
    public var count: Int { rows.count }

    /// Per field of `add`, the last text and its id: a row's fields mostly repeat the row
    /// before's (its country, measure, unit, the `_T` breakdowns), compared before hashed.
    private var lastText = [String?](repeating: nil, count: 14)
    private var lastID = [Int32](repeating: 0, count: 14)

    private func id(_ text: String) -> Int32 {
        if let id = ids[text] { return id }
        let id = Int32(texts.count)
        texts.append(text)
        ids[text] = id
        return id
    }

    private func id(_ text: String, _ field: Int) -> Int32 {
        if text == lastText[field] { return lastID[field] }
        let n = id(text)
        (lastText[field], lastID[field]) = (text, n)
        return n
    }

    public func add(_ o: Observation) {
        let d = o.dims
        rows.append(
            Row(
                series: (
                    id(o.refArea, 0), id(o.measure ?? "", 1), id(o.direction?.rawValue ?? "", 2), id(d.sex, 3),
                    id(d.age, 4), id(d.partner, 5), id(d.duration, 6), id(d.reason, 7), id(d.education, 8),
                    id(d.sector, 9), id(d.occupation, 10)
                ),
                period: id(o.period ?? "", 11), unit: id(o.unit ?? "", 12), status: id(o.status.code, 13),
                year: Int32(o.year),
                hasPeriod: o.period != nil, hasUnit: o.unit != nil, value: o.value))
    }

    public func add(contentsOf more: [Observation]) {
        for o in more { add(o) }
    }

    /// Another table's rows (a source's, kept since its import), its ids made this table's.
    public func add(contentsOf other: MeasureTable) {
        let map = other.texts.map(id)
        func m(_ i: Int32) -> Int32 { map[Int(i)] }
        for var r in other.rows {
            let s = r.series
            r.series = (m(s.0), m(s.1), m(s.2), m(s.3), m(s.4), m(s.5), m(s.6), m(s.7), m(s.8), m(s.9), m(s.10))
            (r.period, r.unit, r.status) = (m(r.period), m(r.unit), m(r.status))
            rows.append(r)
        }
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

    /// Series, not padding (issue 11), as in indicators.csv: a measure of a country in one
    /// breakdown runs from its first observation to its last; a row is an observation when it
    /// has a value or a flag of its own (`Q` suppressed, `L` not collected say something), not
    /// when it is only missing (`O`: a DataBank `..`). The missing rows inside a series stay, so a reader sees
    /// the gap; a series with no observation is not written (the corridors a cost file lists
    /// with no cost in any quarter were 94% of its rows).
    func series(_ order: [Int]) -> [Int] {
        var kept: [Int] = []
        kept.reserveCapacity(order.count)
        let missing = ids[ObsStatus.missing.code]
        let isObservation = { (row: Int) in self.rows[row].value != nil || self.rows[row].status != missing }
        var i = 0
        while i < order.count {
            var j = i + 1
            while j < order.count, MeasureTable.same(rows[order[j]].series, rows[order[i]].series) { j += 1 }
            let run = order[i..<j]
            if let first = run.firstIndex(where: isObservation), let last = run.lastIndex(where: isObservation) {
                kept.append(contentsOf: order[first...last])
            }
            i = j
        }
        return kept
    }

    typealias Series = (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32)

    static func same(_ a: Series, _ b: Series) -> Bool {
        a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3 && a.4 == b.4 && a.5 == b.5 && a.6 == b.6
            && a.7 == b.7 && a.8 == b.8 && a.9 == b.9 && a.10 == b.10
    }

    /// Each text's place among all the table's texts in `String` order: comparing ranks field
    /// by field orders rows as their texts would (country, measure, direction, breakdowns:
    /// the order of the fields joined by U+0001, which sorts below every character of a code).
    func ranks() -> [Int32] {
        var rank = [Int32](repeating: 0, count: texts.count)
        for (r, i) in texts.indices.sorted(by: { texts[$0] < texts[$1] }).enumerated() { rank[i] = Int32(r) }
        return rank
    }

    /// The rows' order: by country, measure, breakdown and year, so the bytes do not depend
    /// on source order. Its keys live only while it sorts.
    func sortedOrder() -> [Int] {
        let rank = ranks()
        // Each row's series as the ranks of its 11 texts, all rows in one buffer (an array per
        // row was a fifth of a first run's peak memory).
        let width = 11
        var keys: [Int32] = []
        keys.reserveCapacity(rows.count * width)
        for r in rows {
            let s = r.series
            for id in [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7, s.8, s.9, s.10] { keys.append(rank[Int(id)]) }
        }
        return rows.indices.sorted { i, j in
            for k in 0..<width where keys[i * width + k] != keys[j * width + k] {
                return keys[i * width + k] < keys[j * width + k]
            }
            let a = rows[i], b = rows[j]
            return (a.year, rank[Int(a.period)], rank[Int(a.unit)]) < (b.year, rank[Int(b.period)], rank[Int(b.unit)])
        }
    }

    /// The file's bytes. Lines go into 1 MiB chunks joined once at the end: a `String` grown
    /// line by line doubled, and was copied again into the file's bytes (38 MB for a 10 MB file).
    public func csvData() -> Data {
        let kept = series(sortedOrder())
        var canonicalUnit: [Int32: String] = [:]
        var chunks: [[UInt8]] = [[]]
        chunks[0].reserveCapacity(1 << 20)
        CSVText.append(MeasureTable.header, to: &chunks[0])
        for r in kept.lazy.map({ self.rows[$0] }) {
            let s = r.series
            let direction = texts[Int(s.2)]
            let unit = r.hasUnit ? canonicalUnit[r.unit] ?? UnitCodes.canonical(texts[Int(r.unit)]) : ""
            if r.hasUnit { canonicalUnit[r.unit] = unit }
            if chunks[chunks.count - 1].count > (1 << 20) - 4096 {
                chunks.append([])
                chunks[chunks.count - 1].reserveCapacity(1 << 20)
            }
            CSVText.append(
                [
                    texts[Int(s.0)], texts[Int(s.1)], direction.isEmpty ? "_Z" : direction, texts[Int(s.3)],
                    texts[Int(s.4)], texts[Int(s.8)], texts[Int(s.5)],
                    r.hasPeriod ? texts[Int(r.period)] : String(r.year),
                    r.value.map(MeasureTable.format) ?? "", unit, texts[Int(r.status)],
                ], to: &chunks[chunks.count - 1])
        }
        var data = Data(capacity: chunks.reduce(0) { $0 + $1.count })
        for i in chunks.indices {
            data.append(contentsOf: chunks[i])
            chunks[i] = []
        }
        return data
    }

    /// The file as text (tests).
    public func csv() -> String { String(decoding: csvData(), as: UTF8.self) }
}
