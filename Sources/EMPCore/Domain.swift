/// What a source file describes. Reference domains feed denominators, not profiles.
public enum Domain: String, Codable, CaseIterable, Sendable, Comparable {
    case inflows, outflows, gender, skills, duration, sectors, remittances, stocks, microdata
    case population, gdp, fx
    /// Ready-made measures (rates, percentages, costs): carried with their unit into
    /// measures.csv, never summed into the tables the indicators are computed from.
    case measures
    /// People under international protection and the asylum procedure (UNHCR, Eurostat):
    /// refugees and asylum-seekers, asylum applications and first-instance decisions, by
    /// `reason` = status (REF, ASY, APP, DEC_POS, DEC_REJ). IN: in the country of asylum;
    /// OUT: originating from the country (partner = country of asylum).
    case protection
    /// Nationals coming back (direction IN), by `reason` = how (VOLUNTARY, ASSISTED, FORCED).
    /// A domain of its own: returns are also part of the inflows, and summing them there
    /// would count them twice.
    case returns
    /// Residents by educational attainment (ISCED 2011), by `age` band and `sex` (a census or
    /// labour-force survey table): the people at home in the Docquier–Marfouk emigration rate
    /// of the tertiary educated. A reference table with breakdowns, never a profile of its own.
    case populationByEducation = "population_by_education"

    public var isReference: Bool {
        self == .population || self == .gdp || self == .fx || self == .populationByEducation
    }

    /// The domains `coverage_domains` counts: the eight its catalogue formula names. The
    /// protection and return domains came later and are left out, so a country's count keeps
    /// its meaning (and its value) across releases.
    public var countsInCoverage: Bool { !isReference && self != .protection && self != .returns }

    /// The `reason` codes a domain's breakdown takes: migration reasons for flows, the
    /// protection status for `protection`, the way home for `returns`.
    public var reasonCodes: Set<String> {
        switch self {
        case .protection: return ProtectionStatus.codes
        case .returns: return ReturnReason.codes
        default: return MigrationReason.codes
        }
    }

    public static func < (a: Domain, b: Domain) -> Bool { a.rawValue < b.rawValue }
}

/// Arrivals or departures (flows), immigrants or emigrants (stocks), received or paid (remittances).
public enum Direction: String, Codable, CaseIterable, Sendable, Comparable {
    case inbound = "IN", outbound = "OUT"

    public static func < (a: Direction, b: Direction) -> Bool { a.rawValue < b.rawValue }
}

/// Reasons for migrating (flows): UN 1998 Rev.1 purposes of stay, grouped as Eurostat's first
/// residence permits group them (migr_resfirst: family, education, remunerated activities,
/// other — of which refugee status and subsidiary protection).
public enum MigrationReason {
    public static let known: Set<String> = ["WORK", "SEASONAL_WORK", "FAMILY", "STUDY", "HUMANITARIAN", "OTHER"]
    public static let codes = known.union(["_T", "_U"])
}

/// The status of people in the `protection` domain, after UNHCR's population types (Refugee
/// Data Finder: REF refugees, ASY asylum-seekers) and Eurostat's asylum statistics (migr_asyappctza
/// applicants; migr_asydcfsta first-instance decisions: TOTAL_POS, REJECTED). REF and ASY are
/// end-year stocks, APP and DEC_* flows in the year: the statuses are never summed together.
public enum ProtectionStatus {
    public static let refugees = "REF", asylumSeekers = "ASY", applications = "APP"
    public static let positive = "DEC_POS", rejected = "DEC_REJ"
    public static let codes: Set<String> = [refugees, asylumSeekers, applications, positive, rejected]
}

/// How nationals came back: on their own (VOLUNTARY), through an assisted voluntary return
/// programme (ASSISTED, IOM AVRR), or removed by the country they lived in (FORCED: deportation,
/// enforced return; Eurostat migr_eirtn "returned following an order to leave").
public enum ReturnReason {
    public static let voluntary = "VOLUNTARY", assisted = "ASSISTED", forced = "FORCED"
    public static let known: Set<String> = [voluntary, assisted, forced]
    public static let codes = known.union(["_T", "_U"])
}
