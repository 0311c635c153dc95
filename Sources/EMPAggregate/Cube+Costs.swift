import EMPCore

/// Remittance costs by corridor (SDG 10.c.1): a ready-made measure, a percentage of the amount
/// sent, so never summed into the tables. A `measures` source whose measure is
/// `remittance_cost_total` (unit PT) gives one observation per corridor and period (the
/// World Bank's Remittance Prices Worldwide: quarters, `2011-Q1`); the cube keeps, per country
/// and year, each corridor's sum and count of values, twice: for the sending country (the cost
/// of sending from it) and for the receiving country (the cost of sending to it), so each
/// side's indicators are one country's lookup. measures.csv still lists every row as read.
public enum CostSide: String, Sendable, CaseIterable {
    case send, receive
}

public struct CostKey: Hashable, Sendable {
    public var refArea: String
    public var year: Int
    public var side: CostSide

    public init(refArea: String, year: Int, side: CostSide) {
        (self.refArea, self.year, self.side) = (refArea, year, side)
    }
}

/// One corridor's cost values in one year, by period (`2011-Q1`; the year itself for an
/// annual value), and the worst flag among them. Kept by period so that the mean adds them in
/// one order whichever order they were read or restored in, and a period given twice (two
/// sources) counts once: the later source's value, as sources are read in pipeline order.
public struct CorridorCost: Sendable, Equatable {
    public var values: [String: Double] = [:]
    public var status = ObsStatus.normal

    public init() {}

    /// The corridor's mean over the periods of the year with a value.
    public var mean: Double? {
        values.isEmpty ? nil : values.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value } / Double(values.count)
    }

    mutating func add(_ other: CorridorCost) {
        status = values.isEmpty ? other.status : ObsStatus.worst(status, other.status)
        values.merge(other.values) { _, later in later }
    }
}

extension Cube {
    /// The measure whose rows are corridor costs.
    public static let costMeasure = "remittance_cost_total"
    /// Partners that are no corridor: totals, unknown, other, not applicable.
    static let notCorridors: Set<String> = ["_T", "_U", "_O", "_Z"]

    /// Keeps a corridor cost; every other measure row is ignored (it goes to measures.csv only).
    /// A missing value (`..`: the corridor was not surveyed that quarter) is no value of the
    /// year; a cost in another unit than percent, or over a range of years, is not averaged in.
    func addCost(_ obs: Observation) {
        guard obs.measure == Cube.costMeasure, UnitCodes.canonical(obs.unit ?? "PT") == "PT",
            Cube.withinOneYear(obs.period), let value = obs.value, let direction = obs.direction
        else { return }
        let partner = obs.dims.partner
        // A corridor joins two countries: a total or unknown at either end is none.
        guard !Cube.notCorridors.contains(partner), !Cube.notCorridors.contains(obs.refArea), partner != obs.refArea
        else { return }
        // Direction OUT: the reporting country sends to the partner; IN: it receives from it.
        let (sender, receiver) = direction == .outbound ? (obs.refArea, partner) : (partner, obs.refArea)
        var one = CorridorCost()
        one.values[obs.period ?? String(obs.year)] = value
        one.status = obs.status
        costs[CostKey(refArea: sender, year: obs.year, side: .send), default: [:]][receiver, default: CorridorCost()]
            .add(one)
        costs[CostKey(refArea: receiver, year: obs.year, side: .receive), default: [:]][sender, default: CorridorCost()]
            .add(one)
    }

    /// A calendar year (no period text), a quarter (`2011-Q1`) or a month (`2019-03`): not a range.
    static func withinOneYear(_ period: String?) -> Bool {
        guard let period else { return true }
        return period.contains("-Q") || period.count == 7
    }
}
