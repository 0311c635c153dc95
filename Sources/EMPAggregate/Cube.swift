import EMPCore

/// Which table a cell belongs to: one domain, country, year and direction.
public struct TableKey: Hashable, Sendable, Comparable {
    public var domain: Domain
    public var refArea: String
    public var year: Int
    public var direction: Direction?

    public init(domain: Domain, refArea: String, year: Int, direction: Direction?) {
        self.domain = domain
        self.refArea = refArea
        self.year = year
        self.direction = direction
    }

    public static func < (a: TableKey, b: TableKey) -> Bool {
        (a.refArea, a.year, a.domain.rawValue, a.direction?.rawValue ?? "")
            < (b.refArea, b.year, b.domain.rawValue, b.direction?.rawValue ?? "")
    }
}

/// A summed cell. Microdata weights are summed in exact integer cents; other values as doubles.
public struct Cell: Sendable {
    public var value: Double = 0
    public var cents: Int64 = 0
    public var status: ObsStatus = .normal
    public var missing = false
    public var contributions = 0

    public var total: Double { value + Double(cents) / 100 }

    public init() {}
}

/// An amount with the flag it carries; `value` nil means missing (never 0).
public struct Amount: Sendable, Equatable {
    public var value: Double?
    public var status: ObsStatus

    public init(value: Double?, status: ObsStatus) {
        self.value = value
        self.status = status
    }

    public static func missing(_ status: ObsStatus = .missing) -> Amount { Amount(value: nil, status: status) }
}

/// Every accepted observation, summed into per-domain tables by (country, year, direction),
/// plus the reference series. Holds cells, never rows: its size follows the number of
/// distinct breakdowns, not the number of input rows.
public final class Cube {
    public internal(set) var tables: [TableKey: [Dimensions: Cell]] = [:]
    public internal(set) var reference: [Domain: [String: [Int: Amount]]] = [:]
    /// Microdata records, summed by small code ids (see `MicrodataStore`).
    public let micro = MicrodataStore()
    /// Microdata records that took the general path (a flag, or a code without room).
    var otherRecords: [MicrodataStore.GroupKey: Int] = [:]
    /// Groups whose weights, summed into a cell of the general path, left Int64 cents (see
    /// `Cube+Overflow`).
    var cellOverflows: Set<MicrodataStore.GroupKey> = []
    /// Corridor costs of remittances (SDG 10.c.1), per country, year and side: a measure the
    /// tables never sum (see `Cube+Costs`).
    public internal(set) var costs: [CostKey: [String: CorridorCost]] = [:]

    public init() {}

    /// Set by `seal()`: the cube is complete and only read from then on.
    public private(set) var isSealed = false

    /// Ends the building: the cube (and its microdata store) refuse every change from now on,
    /// and the returned view, with the coverage computed once, may be read from any thread.
    public func seal() -> SealedCube {
        let coverage = allCoverage
        isSealed = true
        micro.seal()
        return SealedCube(cube: self, coverage: coverage, valued: valuedCoverage)
    }

    /// Which domains have a value for each country and year: a table whose every cell is
    /// missing (`BEL,2008,` alone) is there, but covers nothing. Microdata groups always hold
    /// records, hence values.
    public var valuedCoverage: [String: [Int: Set<Domain>]] {
        var map: [String: [Int: Set<Domain>]] = [:]
        for (key, cells) in tables where !key.domain.isReference && cells.values.contains(where: { !$0.missing }) {
            map[key.refArea, default: [:]][key.year, default: []].insert(key.domain)
        }
        for key in micro.groups {
            for domain in MicrodataStore.tables(key.direction) {
                map[key.refArea, default: [:]][key.year, default: []].insert(domain)
            }
        }
        return map
    }

    public func add(_ obs: Observation) {
        precondition(!isSealed, "a sealed cube is read-only")
        switch obs.domain {
        case .population, .gdp:
            reference[obs.domain, default: [:]][obs.refArea, default: [:]][obs.year] = Amount(
                value: obs.value, status: obs.status)
        case .fx:
            break
        case .measures:
            addCost(obs)
        case .microdata:
            addMicrodata(obs)
        default:
            let key = TableKey(domain: obs.domain, refArea: obs.refArea, year: obs.year, direction: obs.direction)
            addCell(key, obs.dims, value: obs.value, cents: 0, status: obs.status)
        }
    }

    /// A microdata record counts in the flow table and in every breakdown table at once,
    /// crossed over the breakdowns of that table only.
    func addMicrodata(_ obs: Observation) {
        guard let direction = obs.direction, let weight = obs.value else { return }
        // Validation keeps weights below a trillion; one beyond cents in Int64 is noted, never trapped on.
        guard let cents = Int64(exactly: (weight * 100).rounded()) else {
            cellOverflows.insert(MicrodataStore.GroupKey(refArea: obs.refArea, year: obs.year, direction: direction))
            return
        }
        if obs.status == .normal, cents > 0, addToStore(obs, direction, cents) { return }
        otherRecords[MicrodataStore.GroupKey(refArea: obs.refArea, year: obs.year, direction: direction), default: 0] +=
            1
        let flow: Domain = direction == .inbound ? .inflows : .outflows
        let d = obs.dims
        func put(_ domain: Domain, _ fields: [Dimensions.Field]) {
            var dims = Dimensions()
            for f in fields { dims[f] = d[f] }
            addCell(
                TableKey(domain: domain, refArea: obs.refArea, year: obs.year, direction: direction), dims,
                value: 0, cents: cents, status: obs.status)
        }
        put(flow, [.partner])
        put(.gender, [.sex])
        put(.skills, [.education, .age])
        put(.duration, [.duration, .reason])
        put(.sectors, [.sector, .occupation])
    }

    /// The store takes unflagged records whose codes all have room.
    func addToStore(_ obs: Observation, _ direction: Direction, _ cents: Int64) -> Bool {
        let d = obs.dims
        var id = [Int](repeating: 0, count: MicrodataStore.Field.allCases.count)
        for f in MicrodataStore.Field.allCases {
            guard let i = micro.id(f, d[f.dimension]) else { return false }
            id[f.rawValue] = i
        }
        guard let c = micro.countryID(obs.refArea),
            let g = micro.group(country: c, year: obs.year, direction: direction)
        else { return false }
        micro.add(
            group: g, partner: id[0], sex: id[1], education: id[2], age: id[3], duration: id[4], reason: id[5],
            sector: id[6], occupation: id[7], cents: cents)
        return true
    }

    /// Adds microdata summed elsewhere (another thread's share of a file).
    /// `countries`: only the groups of these reporting countries (nil: all).
    public func absorb(_ store: MicrodataStore, countries: Set<String>? = nil) {
        precondition(!isSealed, "a sealed cube is read-only")
        let leftovers = micro.absorb(store, countries: countries)
        for (key, n) in leftovers.records { otherRecords[key, default: 0] += n }
        for (key, domain, dims, cents, records) in leftovers.cells {
            var cell = Cell()
            cell.cents = cents
            cell.contributions = records
            mergeCell(
                TableKey(domain: domain, refArea: key.refArea, year: key.year, direction: key.direction), dims, cell)
        }
    }

    /// Microdata records behind a flow (unweighted); nil when no record fed it.
    public func records(_ refArea: String, _ year: Int, _ direction: Direction) -> Int? {
        let key = MicrodataStore.GroupKey(refArea: refArea, year: year, direction: direction)
        let stored = micro.group(key).map { micro.records(group: $0) }
        let other = otherRecords[key]
        if stored == nil && other == nil { return nil }
        return (stored ?? 0) + (other ?? 0)
    }

    /// A reference table (population by education) is a denominator: it makes no year a profile's.
    func addCell(_ key: TableKey, _ dims: Dimensions, value: Double?, cents: Int64, status: ObsStatus) {
        if tables[key] == nil, !key.domain.isReference {
            coverage[key.refArea, default: [:]][key.year, default: []].insert(key.domain)
        }
        var cell = tables[key]?[dims] ?? Cell()
        if let value { cell.value += value } else { cell.missing = true }
        add(cents: cents, to: &cell, key)
        cell.status = cell.contributions == 0 ? status : ObsStatus.worst(cell.status, status)
        cell.contributions += 1
        tables[key, default: [:]][dims] = cell
    }

    /// A table ready for sums: straight from the microdata store when only microdata fed it.
    public func marginal(_ key: TableKey) -> Marginal? {
        if tables[key] == nil, let direction = key.direction,
            let g = micro.group(MicrodataStore.GroupKey(refArea: key.refArea, year: key.year, direction: direction))
        {
            return micro.marginal(group: g, domain: key.domain)
        }
        return entries(key).map { Marginal(entries: $0) }
    }

    /// A table's cells as a list: those of aggregate sources and of microdata records together.
    public func entries(_ key: TableKey) -> [(Dimensions, Cell)]? {
        let generic = tables[key]
        guard let direction = key.direction,
            let g = micro.group(MicrodataStore.GroupKey(refArea: key.refArea, year: key.year, direction: direction))
        else {
            return generic.map { $0.map { ($0.key, $0.value) } }
        }
        if generic == nil { let cells = micro.cells(group: g, domain: key.domain); return cells.isEmpty ? nil : cells }
        return table(key).map { $0.map { ($0.key, $0.value) } }
    }

    /// A table's cells: those of aggregate sources and of microdata records together.
    public func table(_ key: TableKey) -> [Dimensions: Cell]? {
        guard let direction = key.direction,
            let g = micro.group(MicrodataStore.GroupKey(refArea: key.refArea, year: key.year, direction: direction))
        else {
            return tables[key]
        }
        let extra = micro.cells(group: g, domain: key.domain)
        if extra.isEmpty { return tables[key] }
        var cells = tables[key] ?? [:]
        for (dims, cell) in extra {
            guard var sum = cells[dims] else { cells[dims] = cell; continue }
            sum.cents += cell.cents
            sum.contributions += cell.contributions
            cells[dims] = sum
        }
        return cells
    }

    public func referenceValue(_ domain: Domain, _ refArea: String, _ year: Int) -> Amount? {
        reference[domain]?[refArea]?[year]
    }

    /// Countries with profile data (reference series alone do not make a profile).
    public var countries: [String] { allCoverage.keys.sorted() }

    public func years(of refArea: String) -> [Int] { (allCoverage[refArea] ?? [:]).keys.sorted() }

    public func domains(of refArea: String, year: Int) -> [Domain] { (allCoverage[refArea]?[year] ?? []).sorted() }

    /// Which domains each country has for each year, kept as tables are created.
    var coverage: [String: [Int: Set<Domain>]] = [:]
    private var merged: (tables: Int, groups: Int, map: [String: [Int: Set<Domain>]])?

    /// The coverage of tables and of microdata groups together, rebuilt when either grew.
    public var allCoverage: [String: [Int: Set<Domain>]] {
        if let m = merged, m.tables == tables.count, m.groups == micro.groups.count { return m.map }
        var map = coverage
        for key in micro.groups {
            for domain in MicrodataStore.tables(key.direction) {
                map[key.refArea, default: [:]][key.year, default: []].insert(domain)
            }
        }
        merged = (tables.count, micro.groups.count, map)
        return map
    }
}
