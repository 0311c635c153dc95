import EMPCore

/// Record-level data summed as it streams. Every (country, year, direction) gets one block of
/// counters, and each breakdown code a small id, so adding a record is a handful of array
/// increments: no strings, no hashing, nothing kept per record. The block holds the five
/// tables a record feeds (flow by partner, gender, skills, duration, sectors), crossed the way
/// `Cube` crosses them. A code that does not fit its field's room (rare: e.g. a 17th
/// occupation code) makes the caller take the general path for that record.
public final class MicrodataStore {
    public enum Field: Int, CaseIterable, Sendable {
        case partner, sex, education, age, duration, reason, sector, occupation

        /// How many distinct codes the field has room for (ISO 3166 has 249 countries).
        public var capacity: Int {
            switch self {
            case .partner: return 256
            case .sex, .duration, .reason: return 8
            case .education, .occupation: return 16
            case .age: return 4
            case .sector: return 24
            }
        }

        var dimension: Dimensions.Field {
            switch self {
            case .partner: return .partner
            case .sex: return .sex
            case .education: return .education
            case .age: return .age
            case .duration: return .duration
            case .reason: return .reason
            case .sector: return .sector
            case .occupation: return .occupation
            }
        }
    }

    /// The tables of a block: where each starts, and its two fields (row-major: first × second).
    /// Offsets count cells; a cell is two counters side by side (`slot`): its cents, then its
    /// unweighted record count (disclosure control needs it per cell). Side by side, a record's
    /// two increments of a cell touch one cache line.
    struct Layout {
        static let records = 0
        static let flow = 1
        static let gender = flow + Field.partner.capacity
        static let skills = gender + Field.sex.capacity
        static let duration = skills + Field.education.capacity * Field.age.capacity
        static let sectors = duration + Field.duration.capacity * Field.reason.capacity
        static let cells = sectors + Field.sector.capacity * Field.occupation.capacity
        /// Counters per block: two per cell (the group's record count is cell 0's first).
        static let size = cells * 2

        /// Where a cell's cents are; its record count is the counter after.
        @inline(__always) static func slot(_ cell: Int) -> Int { cell &* 2 }
    }

    public struct GroupKey: Hashable, Sendable {
        public var refArea: String
        public var year: Int
        public var direction: Direction

        /// `MDA 2020 IN`, as messages name it.
        public var name: String { "\(refArea) \(year) \(direction.rawValue)" }

        public init(refArea: String, year: Int, direction: Direction) {
            self.refArea = refArea
            self.year = year
            self.direction = direction
        }
    }

    /// Per field: the code of each id, and the id of each code.
    public private(set) var codes: [[String]] = Array(repeating: [], count: Field.allCases.count)
    private var ids: [[String: Int]] = Array(repeating: [:], count: Field.allCases.count)
    private var countries: [String] = []
    private var countryIDs: [String: Int] = [:]

    /// Weighted sums in cents and record counts, `Layout.size` counters per group, in raw
    /// buffers: the per-record increments skip Swift's copy-on-write and exclusivity checks.
    /// Per group: the record count, then each table's cells (cents, records). Weights are positive, so a cell
    /// is present exactly when its sum is above zero (records whose weight rounds to no cent
    /// are left to the caller's general path).
    private var counters = UnsafeMutablePointer<Int64>.allocate(capacity: 0)
    /// Per group, the sum of its weights: every cell of a table is part of it (weights are
    /// positive), so while no total leaves Int64 no cell can. It is the one sum checked per
    /// record (`addingReportingOverflow`, a flag, no branch to speak of); the cells add freely.
    private var totals = UnsafeMutablePointer<Int64>.allocate(capacity: 0)
    /// The groups whose total left Int64: their cells are wrong and their source must fail.
    public private(set) var overflowed: Set<GroupKey> = []
    private var capacity = 0
    public private(set) var groups: [GroupKey] = []
    private var groupIndex: [GroupKey: Int] = [:]
    /// Direct index from (country id, year, direction) to group, for the per-record lookup.
    /// Made with the first country (400 kB: every source's cube has a store, few use it).
    private var slots: [Int32] = []
    static let firstYear = 1900, yearSpan = 201

    public init() {}

    deinit {
        counters.deallocate()
        totals.deallocate()
    }

    /// Set by `Cube.seal()`: from then on the store is only read (on any thread), and every
    /// change is a programming error caught at once.
    public private(set) var isSealed = false

    func seal() { isSealed = true }

    /// The id of a code in a field; nil when the field has no more room.
    public func id(_ field: Field, _ code: String) -> Int? {
        precondition(!isSealed, "a sealed cube is read-only")
        if let id = ids[field.rawValue][code] { return id }
        let id = codes[field.rawValue].count
        guard id < field.capacity else { return nil }
        codes[field.rawValue].append(code)
        ids[field.rawValue][code] = id
        return id
    }

    /// The id of a reporting country; nil beyond 256 countries.
    public func countryID(_ code: String) -> Int? {
        precondition(!isSealed, "a sealed cube is read-only")
        if let id = countryIDs[code] { return id }
        guard countries.count < 256 else { return nil }
        if countries.isEmpty { slots = [Int32](repeating: -1, count: 256 * MicrodataStore.yearSpan * 2) }
        countryIDs[code] = countries.count
        countries.append(code)
        return countries.count - 1
    }

    /// The group of a country id, year and direction, made on first use; nil for a year
    /// outside 1900-2100.
    @inline(__always)
    public func group(country: Int, year: Int, direction: Direction) -> Int? {
        precondition(!isSealed, "a sealed cube is read-only")
        let y = year - MicrodataStore.firstYear
        guard y >= 0, y < MicrodataStore.yearSpan else { return nil }
        let slot = (country * MicrodataStore.yearSpan + y) * 2 + (direction == .inbound ? 0 : 1)
        let g = slots[slot]
        if g >= 0 { return Int(g) }
        let key = GroupKey(refArea: countries[country], year: year, direction: direction)
        let new = groups.count
        groups.append(key)
        groupIndex[key] = new
        if new == capacity { grow() }
        (counters + new * Layout.size).initialize(repeating: 0, count: Layout.size)
        (totals + new).initialize(to: 0)
        slots[slot] = Int32(new)
        return new
    }

    /// Adds one record, its breakdowns given as ids (every one below its field's capacity).
    /// The block's address is taken once, so the increments (the group's records, then each
    /// table's cell: cents and records side by side) are independent memory operations the
    /// processor can overlap.
    @inline(__always)
    public func add(
        group g: Int, partner: Int, sex: Int, education: Int, age: Int, duration: Int, reason: Int,
        sector: Int, occupation: Int, cents c: Int64
    ) {
        precondition(!isSealed, "a sealed cube is read-only")
        let p = counters + g &* Layout.size
        let (total, overflow) = totals[g].addingReportingOverflow(c)
        totals[g] = total
        if overflow { noteOverflow(g) }
        p[Layout.records] &+= 1
        // Written out, not looped over a list: an array literal here would allocate per record.
        let flow = p + Layout.slot(Layout.flow &+ partner)
        let gender = p + Layout.slot(Layout.gender &+ sex)
        let skills = p + Layout.slot(Layout.skills &+ education &* Field.age.capacity &+ age)
        let stay = p + Layout.slot(Layout.duration &+ duration &* Field.reason.capacity &+ reason)
        let work = p + Layout.slot(Layout.sectors &+ sector &* Field.occupation.capacity &+ occupation)
        flow[0] &+= c
        flow[1] &+= 1
        gender[0] &+= c
        gender[1] &+= 1
        skills[0] &+= c
        skills[1] &+= 1
        stay[0] &+= c
        stay[1] &+= 1
        work[0] &+= c
        work[1] &+= 1
    }

    private func grow() {
        let more = max(16, capacity * 2)
        let c = UnsafeMutablePointer<Int64>.allocate(capacity: more * Layout.size)
        c.moveInitialize(from: counters, count: capacity * Layout.size)
        counters.deallocate()
        let t = UnsafeMutablePointer<Int64>.allocate(capacity: more)
        t.moveInitialize(from: totals, count: capacity)
        totals.deallocate()
        (counters, totals, capacity) = (c, t, more)
    }

    /// Kept out of line: it runs when a total wraps, never on good input.
    @inline(never)
    private func noteOverflow(_ g: Int) { overflowed.insert(groups[g]) }

    /// The sum of a group's weights, in cents.
    public func total(group g: Int) -> Int64 { totals[g] }

    /// Adds `cents` to a group's total, noting an overflow.
    private func addToTotal(_ g: Int, _ cents: Int64) {
        let (total, overflow) = totals[g].addingReportingOverflow(cents)
        totals[g] = total
        if overflow { noteOverflow(g) }
    }

    public func group(_ key: GroupKey) -> Int? { groupIndex[key] }

    /// Counters per group: the size of a block as the store keeps it (its layout's version).
    public static var blockSize: Int { Layout.size }

    /// A copy of one group's counters (to keep it in the store).
    public func block(group g: Int) -> [Int64] {
        Array(UnsafeBufferPointer(start: counters + g * Layout.size, count: Layout.size))
    }

    /// Refills an empty store with codes and blocks kept by `codes` and `block(group:)`; false
    /// when they do not fit this layout (a store written by another version).
    public func restore(codes keptCodes: [[String]], groups keptGroups: [(GroupKey, [Int64])]) -> Bool {
        precondition(!isSealed, "a sealed cube is read-only")
        guard groups.isEmpty, keptCodes.count == Field.allCases.count else { return false }
        for f in Field.allCases {
            let list = keptCodes[f.rawValue]
            guard list.count <= f.capacity else { return false }
            codes[f.rawValue] = list
            ids[f.rawValue] = Dictionary(list.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        }
        for (key, block) in keptGroups {
            guard block.count == Layout.size, let c = countryID(key.refArea),
                let g = group(country: c, year: key.year, direction: key.direction)
            else { return false }
            block.withUnsafeBufferPointer {
                (counters + g * Layout.size).update(from: $0.baseAddress!, count: Layout.size)
            }
            // A block kept in the store has no total of its own: its flow table sums to it.
            for p in 0..<Field.partner.capacity { addToTotal(g, block[Layout.slot(Layout.flow + p)]) }
        }
        return true
    }

    /// Records added to a group.
    public func records(group g: Int) -> Int { Int(counters[g * Layout.size + Layout.records]) }

    /// What `absorb` could not place: cells, and the records of groups it had no room for.
    public struct Leftovers {
        /// Each cell's key, cents and records.
        public var cells: [(GroupKey, Domain, Dimensions, Int64, Int)] = []
        public var records: [(GroupKey, Int)] = []
    }

    /// Adds another store's sums (e.g. the second half of a file, read on another thread),
    /// matching codes by text. Returns what this store has no room for, for the caller's
    /// general path.
    public func absorb(_ other: MicrodataStore, countries: Set<String>? = nil) -> Leftovers {
        precondition(!isSealed, "a sealed cube is read-only")
        var leftovers = Leftovers()
        overflowed.formUnion(other.overflowed.filter { countries?.contains($0.refArea) ?? true })
        for (h, key) in other.groups.enumerated() where countries?.contains(key.refArea) ?? true {
            guard let c = countryID(key.refArea), let g = group(country: c, year: key.year, direction: key.direction)
            else {
                leftovers.records.append((key, other.records(group: h)))
                for d in MicrodataStore.tables(key.direction) {
                    leftovers.cells += other.cells(group: h, domain: d).map {
                        (key, d, $0.0, $0.1.cents, $0.1.contributions)
                    }
                }
                continue
            }
            counters[g * Layout.size + Layout.records] += Int64(other.records(group: h))
            // The combined total bounds every cell added below, so those adds cannot leave Int64
            // unless the total did (then the source fails and the cells are never used).
            addToTotal(g, other.totals[h])
            for d in MicrodataStore.tables(key.direction) {
                let (start, first, second) = MicrodataStore.table(d)!
                for (dims, cell) in other.cells(group: h, domain: d) {
                    guard let a = id(first, dims[first.dimension]),
                        let b = second.map({ id($0, dims[$0.dimension]) }) ?? 0
                    else {
                        leftovers.cells.append((key, d, dims, cell.cents, cell.contributions))
                        continue
                    }
                    let q = counters + g * Layout.size + Layout.slot(start + a * (second?.capacity ?? 1) + b)
                    q[0] &+= cell.cents
                    q[1] &+= Int64(cell.contributions)
                }
            }
        }
        return leftovers
    }

    /// The five tables a record feeds.
    public static func tables(_ direction: Direction) -> [Domain] {
        [direction == .inbound ? .inflows : .outflows, .gender, .skills, .duration, .sectors]
    }

    /// Where a table starts in a block, and its fields.
    static func table(_ domain: Domain) -> (Int, Field, Field?)? {
        switch domain {
        case .inflows, .outflows: return (Layout.flow, .partner, nil)
        case .gender: return (Layout.gender, .sex, nil)
        case .skills: return (Layout.skills, .education, .age)
        case .duration: return (Layout.duration, .duration, .reason)
        case .sectors: return (Layout.sectors, .sector, .occupation)
        default: return nil
        }
    }

    /// One table of a group as a `Marginal`, built from the ids without going through text.
    func marginal(group g: Int, domain: Domain) -> Marginal? {
        guard MicrodataStore.tables(groups[g].direction).contains(domain),
            let (start, first, second) = MicrodataStore.table(domain)
        else { return nil }
        let base = g * Layout.size
        let firstCodes = codes[first.rawValue], secondCodes = second.map { codes[$0.rawValue] } ?? ["_T"]
        // Codes: `_T`, then the first field's, then the second's (a code may repeat: ids differ).
        let strings = ["_T"] + firstCodes + (second == nil ? [] : secondCodes)
        let offset = UInt16(1 + firstCodes.count)
        var firstIDs: [UInt16] = [], secondIDs: [UInt16] = [], cells: [Cell] = []
        let width = second?.capacity ?? 1
        for a in firstCodes.indices {
            for b in secondCodes.indices {
                let i = base + Layout.slot(start + a * width + b)
                let c = counters[i]
                guard c > 0 else { continue }
                firstIDs.append(firstCodes[a] == "_T" ? 0 : UInt16(1 + a))
                secondIDs.append(second == nil || secondCodes[b] == "_T" ? 0 : offset + UInt16(b))
                var cell = Cell()
                cell.cents = c
                cell.contributions = Int(counters[i + 1])
                cells.append(cell)
            }
        }
        guard !cells.isEmpty else { return nil }
        var ids = [[UInt16]](
            repeating: [UInt16](repeating: 0, count: cells.count), count: Dimensions.Field.allCases.count)
        ids[Marginal.position(first.dimension)] = firstIDs
        if let second { ids[Marginal.position(second.dimension)] = secondIDs }
        return Marginal(strings: strings, ids: ids, cells: cells)
    }

    /// The cells of one table of a group, as `Cube` keys them.
    func cells(group g: Int, domain: Domain) -> [(Dimensions, Cell)] {
        let base = g * Layout.size
        guard MicrodataStore.tables(groups[g].direction).contains(domain),
            let (start, first, second) = MicrodataStore.table(domain)
        else { return [] }
        var out: [(Dimensions, Cell)] = []
        let width = second?.capacity ?? 1
        for a in codes[first.rawValue].indices {
            for b in 0..<(second.map { codes[$0.rawValue].count } ?? 1) {
                let i = base + Layout.slot(start + a * width + b)
                guard counters[i] > 0 else { continue }
                var dims = Dimensions()
                dims[first.dimension] = codes[first.rawValue][a]
                if let second { dims[second.dimension] = codes[second.rawValue][b] }
                var cell = Cell()
                cell.cents = counters[i]
                cell.contributions = Int(counters[i + 1])
                out.append((dims, cell))
            }
        }
        return out
    }
}
