/// What a source file describes. Reference domains feed denominators, not profiles.
public enum Domain: String, Codable, CaseIterable, Sendable, Comparable {
    case inflows, outflows, gender, skills, duration, sectors, remittances, stocks, microdata
    case population, gdp, fx
    /// Ready-made measures (rates, percentages, costs): carried with their unit into
    /// measures.csv, never summed into the tables the indicators are computed from.
    case measures

    public var isReference: Bool { self == .population || self == .gdp || self == .fx }

    public static func < (a: Domain, b: Domain) -> Bool { a.rawValue < b.rawValue }
}

/// Arrivals or departures (flows), immigrants or emigrants (stocks), received or paid (remittances).
public enum Direction: String, Codable, CaseIterable, Sendable, Comparable {
    case inbound = "IN", outbound = "OUT"

    public static func < (a: Direction, b: Direction) -> Bool { a.rawValue < b.rawValue }
}
