import EMPAggregate
import EMPConfig
import EMPCore
import EMPRead
import EMPValidate

/// The hot path for record-level data: each field's bytes are resolved through a cache of
/// the texts already seen (so a code is checked once, not once per record), the weight is
/// parsed from bytes into cents, and the record is added straight into a
/// `MicrodataStore`. Anything unusual — a text the cache cannot vouch for, a weight outside
/// the plain form — is declined and takes the ordinary path (`RowMapper`), which accepts or
/// quarantines it with the full diagnostics. The answer is the same either way.
public final class MicrodataLane: ForkableLane {
    let source: SourceConfig
    /// Where records are summed: the cube's own store, or a private one for a share of the
    /// file read on another thread.
    public let store: MicrodataStore
    let codes: CodeNormalizer
    var mapper: RowMapper?

    /// One resolved field: a column read through its cache, or a constant id.
    struct Slot {
        let field: CanonicalField
        var column = -1
        var constant: Int32 = 0
        var cache = ByteCodeCache()
    }

    /// Country, year, direction, then the breakdowns in `MicrodataStore.Field` order; raw
    /// memory so the per-record reads cost no reference counting.
    var slots = UnsafeMutablePointer<Slot>.allocate(capacity: 11)
    var prepared = false
    var weightColumn = -1
    var decimal = UInt8(ascii: ".")
    /// Missing-value markers that look like plain weights (e.g. `999`); usually none.
    var numericMissing: Set<[UInt8]> = []

    /// Takes a forked lane's store when it is joined (the cube's `absorb`).
    let absorb: (MicrodataStore) -> Void

    public init(
        source: SourceConfig, codes: CodeNormalizer, store: MicrodataStore, absorb: @escaping (MicrodataStore) -> Void
    ) {
        self.source = source
        self.codes = codes
        self.store = store
        self.absorb = absorb
    }

    public func fork(header: [String]) -> RecordLane? {
        let lane = MicrodataLane(source: source, codes: codes, store: MicrodataStore(), absorb: absorb)
        return lane.prepare(header: header) ? lane : nil
    }

    public func join(_ fork: RecordLane) {
        guard let fork = fork as? MicrodataLane else { return }
        absorb(fork.store)
    }

    deinit {
        if prepared {
            for i in 0..<11 { slots[i].cache.deallocate() }
            slots.deinitialize(count: 11)
        }
        slots.deallocate()
    }

    /// Fields that change a record's value or flag are left to the ordinary path.
    static let unsupported: Set<String> = ["obs_status", "unit_mult", "currency", "value"]

    public func prepare(header: [String]) -> Bool {
        guard source.domain == .microdata,
            Set(source.columnMap.keys).union(source.constantMap.keys).isDisjoint(with: MicrodataLane.unsupported),
            source.values?["weight"] == nil
        else { return false }
        let mapper = RowMapper(source: source, header: header, codes: codes, rates: ExchangeRates())
        self.mapper = mapper
        decimal = source.dialect?.decimalMark.asciiValue ?? UInt8(ascii: ".")
        numericMissing = Set(
            source.missingMarkers.map { Array($0.utf8) }.filter { m in
                m.withUnsafeBufferPointer { WeightParser.cents($0, decimal: decimal) != nil }
            })
        if let column = source.columnMap["weight"] {
            guard let i = header.firstIndex(of: column) else { return false }
            weightColumn = i
        } else if source.constantMap["weight"] != nil {
            return false
        }
        let fields: [[CanonicalField]] = [
            [.partner], [.sex], [.education], [.age, .age_years], [.duration, .duration_months],
            [.reason], [.sector], [.occupation],
        ]
        var slots = [Slot(field: .ref_area), Slot(field: .time_period), Slot(field: .direction)]
        for candidates in fields {
            let given = candidates.first {
                source.columnMap[$0.rawValue] != nil || source.constantMap[$0.rawValue] != nil
            }
            slots.append(Slot(field: given ?? candidates[0]))
        }
        for i in slots.indices {
            let f = slots[i].field
            if let column = source.columnMap[f.rawValue] {
                guard let index = header.firstIndex(of: column) else {
                    slots.forEach { $0.cache.deallocate() }; return false
                }
                slots[i].column = index
            } else {
                let text = source.constantMap[f.rawValue] ?? "_T"
                let id = i < 3 && source.constantMap[f.rawValue] == nil ? ByteCodeCache.slow : resolve(f, slot: i, text)
                guard id >= 0 else { slots.forEach { $0.cache.deallocate() }; return false }
                slots[i].constant = id
            }
        }
        self.slots.initialize(from: slots, count: 11)
        prepared = true
        return true
    }

    /// What the ordinary path makes of a text, as an id: a store id, a country id, a year or
    /// a direction (0 in, 1 out); `slow` when it would reject it or the store has no room.
    func resolve(_ field: CanonicalField, slot: Int, _ text: String) -> Int32 {
        guard let mapper, let code = mapper.canonical(field, text) else { return ByteCodeCache.slow }
        switch slot {
        case 0: return store.countryID(code).map(Int32.init) ?? ByteCodeCache.slow
        case 1: return Int32(code) ?? ByteCodeCache.slow
        case 2: return code == Direction.inbound.rawValue ? 0 : 1
        default:
            let storeField = MicrodataStore.Field(rawValue: slot - 3)!
            return store.id(storeField, code).map(Int32.init) ?? ByteCodeCache.slow
        }
    }

    @inline(__always)
    func read(_ index: Int, _ record: RawRecord) -> Int32 {
        let slot = slots + index
        guard slot.pointee.column >= 0 else { return slot.pointee.constant }
        let bytes = record.field(slot.pointee.column)
        let known = slot.pointee.cache.lookup(bytes)
        if known != ByteCodeCache.unseen { return known }
        return learn(index, bytes)
    }

    /// A text not seen before in this column: resolved the ordinary way, then remembered.
    func learn(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let text = String(validating: bytes, as: UTF8.self) else { return ByteCodeCache.slow }
        let id = resolve(slots[index].field, slot: index, text)
        slots[index].cache.insert(bytes, id)
        return id
    }

    public func offer(_ record: RawRecord) -> Bool {
        let c = read(0, record), y = read(1, record), d = read(2, record)
        guard c >= 0, y >= 0, d >= 0 else { return false }
        var id = (0, 0, 0, 0, 0, 0, 0, 0)
        for i in 0..<8 {
            let v = read(i + 3, record)
            guard v >= 0 else { return false }
            switch i {
            case 0: id.0 = Int(v)
            case 1: id.1 = Int(v)
            case 2: id.2 = Int(v)
            case 3: id.3 = Int(v)
            case 4: id.4 = Int(v)
            case 5: id.5 = Int(v)
            case 6: id.6 = Int(v)
            default: id.7 = Int(v)
            }
        }
        var cents: Int64 = 100
        if weightColumn >= 0 {
            let w = record.field(weightColumn)
            guard let parsed = WeightParser.cents(w, decimal: decimal),
                numericMissing.isEmpty || !numericMissing.contains(Array(w))
            else { return false }
            cents = parsed
        }
        guard let g = store.group(country: Int(c), year: Int(y), direction: d == 0 ? .inbound : .outbound) else {
            return false
        }
        store.add(
            group: g, partner: id.0, sex: id.1, education: id.2, age: id.3, duration: id.4, reason: id.5,
            sector: id.6, occupation: id.7, cents: cents)
        return true
    }
}

/// Survey weights in their plain form — digits, optionally the decimal mark and one or two
/// digits — read straight into cents. Any other spelling returns nil and is left to
/// `NumberParser` on the ordinary path.
enum WeightParser {
    @inline(__always)
    static func cents(_ b: UnsafeBufferPointer<UInt8>, decimal: UInt8) -> Int64? {
        var i = 0, whole: Int64 = 0
        while i < b.count, b[i] &- 0x30 < 10 {
            whole = whole &* 10 &+ Int64(b[i] &- 0x30)
            i += 1
        }
        guard i > 0, i <= 12 else { return nil }
        var fraction: Int64 = 0
        if i < b.count {
            guard b[i] == decimal, b.count - i - 1 == 1 || b.count - i - 1 == 2 else { return nil }
            for k in (i + 1)..<b.count {
                guard b[k] &- 0x30 < 10 else { return nil }
                fraction = fraction * 10 + Int64(b[k] &- 0x30)
            }
            if b.count - i - 1 == 1 { fraction *= 10 }
        }
        let cents = whole * 100 + fraction
        return cents > 0 ? cents : nil
    }
}
