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
    public private(set) var tables: [TableKey: [Dimensions: Cell]] = [:]
    public private(set) var reference: [Domain: [String: [Int: Amount]]] = [:]

    public init() {}

    public func add(_ obs: Observation) {
        switch obs.domain {
        case .population, .gdp:
            reference[obs.domain, default: [:]][obs.refArea, default: [:]][obs.year] = Amount(value: obs.value, status: obs.status)
        case .fx:
            break
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
        let cents = Int64((weight * 100).rounded())
        let flow: Domain = direction == .inbound ? .inflows : .outflows
        let d = obs.dims
        func put(_ domain: Domain, _ fields: [Dimensions.Field]) {
            var dims = Dimensions()
            for f in fields { dims[f] = d[f] }
            addCell(TableKey(domain: domain, refArea: obs.refArea, year: obs.year, direction: direction), dims,
                    value: 0, cents: cents, status: obs.status)
        }
        put(flow, [.partner])
        put(.gender, [.sex])
        put(.skills, [.education, .age])
        put(.duration, [.duration, .reason])
        put(.sectors, [.sector, .occupation])
    }

    func addCell(_ key: TableKey, _ dims: Dimensions, value: Double?, cents: Int64, status: ObsStatus) {
        if tables[key] == nil { coverage[key.refArea, default: [:]][key.year, default: []].insert(key.domain) }
        var cell = tables[key]?[dims] ?? Cell()
        if let value { cell.value += value } else { cell.missing = true }
        cell.cents += cents
        cell.status = cell.contributions == 0 ? status : ObsStatus.worst(cell.status, status)
        cell.contributions += 1
        tables[key, default: [:]][dims] = cell
    }

    public func table(_ key: TableKey) -> [Dimensions: Cell]? { tables[key] }

    public func referenceValue(_ domain: Domain, _ refArea: String, _ year: Int) -> Amount? {
        reference[domain]?[refArea]?[year]
    }

    /// Countries with profile data (reference series alone do not make a profile).
    public var countries: [String] { coverage.keys.sorted() }

    public func years(of refArea: String) -> [Int] { (coverage[refArea] ?? [:]).keys.sorted() }

    public func domains(of refArea: String, year: Int) -> [Domain] { (coverage[refArea]?[year] ?? []).sorted() }

    /// Which domains each country has for each year, kept as tables are created.
    private var coverage: [String: [Int: Set<Domain>]] = [:]
}
