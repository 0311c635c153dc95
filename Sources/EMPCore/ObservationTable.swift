/// Observations held in bulk (a source's accepted rows until the store keeps them, an
/// aggregate source's rows until its cross-row checks ran), as rows of small integers: each
/// text is kept once and a row names it by number.
///
/// Why: an `Observation` is 288 bytes with a dozen strings and a flag in it, and a wide file
/// of 150,000 cells held them twice (the ingest's and the source's), most of a run's peak
/// memory and of its reference counting. A row here is 88 bytes, copying it counts no
/// references, and rows are held in chunks (`ChunkedArray`). Reading a row back gives the observation that was appended, field for field.
public struct ObservationTable: RandomAccessCollection, Sendable {
    /// One observation: every text as its number in `texts` (-1: none).
    public struct Row: Sendable {
        public var year: Int
        public var line: Int
        public internal(set) var value: Double
        public var refArea: Int32
        public var currency: Int32
        public var measure: Int32
        public var period: Int32
        public internal(set) var unit: Int32
        public var dims: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32)
        public internal(set) var hasValue: Bool
        /// Its place in `Domain.allCases`.
        public internal(set) var domain: UInt8
        /// 0: none, else 1 + its place in `Direction.allCases`.
        public internal(set) var direction: UInt8
        /// Its place in `statusList`.
        public internal(set) var status: UInt16

        public var observedValue: Double? { hasValue ? value : nil }
    }

    /// In chunks: a source's rows are held while it is read, and a doubling array held twice them.
    private(set) public var rows = ChunkedArray<Row>()
    /// Every text the rows name, each once; `_T` (a total) is always 0.
    private(set) public var texts: [String] = ["_T"]
    private var ids: [String: Int32] = ["_T": 0]
    private var statuses: [ObsStatus] = []
    /// The previous row's texts, per field (neighbouring rows mostly share them: a wide
    /// line's cells, a country's years), compared instead of hashed again.
    private var last = [String](repeating: "_T", count: 13)
    private var lastID = [Int32](repeating: 0, count: 13)

    public static let domains = Domain.allCases
    public static let directions = Direction.allCases

    /// The flags the rows name by number (`Row.status`).
    public var statusList: [ObsStatus] { statuses }

    public init() {}

    public init(_ observations: some Sequence<Observation>) {
        for o in observations { append(o) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public mutating func removeAll() { self = ObservationTable() }

    /// Lets go of the rows up to `i`'s chunk (`ChunkedArray.dropChunks`): for a reader that
    /// hands them on in order.
    public mutating func dropRows(through i: Int) { rows.dropChunks(through: i) }

    public mutating func append(_ o: Observation) {
        let d = o.dims
        let dims = (
            id(d.sex, 5), id(d.age, 6), id(d.partner, 7), id(d.duration, 8), id(d.reason, 9), id(d.education, 10),
            id(d.sector, 11), id(d.occupation, 12)
        )
        rows.append(
            Row(
                year: o.year, line: o.line, value: o.value ?? 0, refArea: id(o.refArea, 0),
                currency: o.currency.map { id($0, 1) } ?? -1, measure: o.measure.map { id($0, 2) } ?? -1,
                period: o.period.map { id($0, 3) } ?? -1, unit: o.unit.map { id($0, 4) } ?? -1, dims: dims,
                hasValue: o.value != nil, domain: UInt8(Self.domains.firstIndex(of: o.domain)!),
                direction: o.direction.map { UInt8(Self.directions.firstIndex(of: $0)! + 1) } ?? 0,
                status: statusID(o.status)))
    }

    /// The number of a text, `field` naming the previous row's text to compare it with.
    private mutating func id(_ text: String, _ field: Int) -> Int32 {
        if text == last[field] { return lastID[field] }
        let n: Int32
        if let known = ids[text] {
            n = known
        } else {
            n = Int32(texts.count)
            texts.append(text)
            ids[text] = n
        }
        last[field] = text
        lastID[field] = n
        return n
    }

    private mutating func statusID(_ s: ObsStatus) -> UInt16 {
        if let i = statuses.firstIndex(of: s) { return UInt16(i) }
        statuses.append(s)
        return UInt16(statuses.count - 1)
    }

    public subscript(i: Int) -> Observation {
        let r = rows[i]
        var dims = Dimensions()
        (dims.sex, dims.age, dims.partner, dims.duration) = (
            texts[Int(r.dims.0)], texts[Int(r.dims.1)], texts[Int(r.dims.2)], texts[Int(r.dims.3)]
        )
        (dims.reason, dims.education, dims.sector, dims.occupation) = (
            texts[Int(r.dims.4)], texts[Int(r.dims.5)], texts[Int(r.dims.6)], texts[Int(r.dims.7)]
        )
        var o = Observation(
            domain: domain(i), refArea: texts[Int(r.refArea)], year: r.year, direction: direction(i), dims: dims,
            value: r.observedValue, status: statuses[Int(r.status)], currency: text(r.currency), line: r.line)
        (o.measure, o.unit, o.period) = (text(r.measure), text(r.unit), text(r.period))
        return o
    }

    func text(_ id: Int32) -> String? { id < 0 ? nil : texts[Int(id)] }

    public func domain(_ i: Int) -> Domain { Self.domains[Int(rows[i].domain)] }

    public func direction(_ i: Int) -> Direction? {
        let d = rows[i].direction
        return d == 0 ? nil : Self.directions[Int(d) - 1]
    }

    public func value(_ i: Int) -> Double? { rows[i].observedValue }

    /// The small integers of row `i`'s domain and direction (for keys made of row numbers).
    public func codes(_ i: Int) -> (domain: UInt8, direction: UInt8) { (rows[i].domain, rows[i].direction) }
}
