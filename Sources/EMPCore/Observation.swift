/// One canonical observation: a measure for a (country, year) cell and its breakdowns.
public struct Observation: Sendable {
    public var domain: Domain
    public var refArea: String
    public var year: Int
    public var direction: Direction?
    public var dims: Dimensions
    /// Persons, or USD for money (after currency and unit-multiplier conversion); nil = missing.
    public var value: Double?
    public var status: ObsStatus
    /// Reference `fx` rows: the currency the rate is for.
    public var currency: String?
    /// Provenance: the line of the record in its source file (1-based, header is line 1).
    public var line: Int
    /// `measures` rows: what the value measures (`employment_rate`) and its unit (`PC`).
    public var measure: String?
    public var unit: String?
    /// `measures` rows whose period is not a calendar year (`2011-Q1`, `1990-1995`); `year` is its first year.
    public var period: String?

    public init(
        domain: Domain, refArea: String, year: Int, direction: Direction?, dims: Dimensions,
        value: Double?, status: ObsStatus, currency: String? = nil, line: Int
    ) {
        self.domain = domain
        self.refArea = refArea
        self.year = year
        self.direction = direction
        self.dims = dims
        self.value = value
        self.status = status
        self.currency = currency
        self.line = line
    }

    /// Identifies the cell: two observations with the same key describe the same thing.
    public var cellKey: CellKey {
        CellKey(
            domain: domain, refArea: refArea, year: year, direction: direction, dims: dims, currency: currency,
            measure: measure, period: period)
    }
}

public struct CellKey: Hashable, Sendable {
    public var domain: Domain
    public var refArea: String
    public var year: Int
    public var direction: Direction?
    public var dims: Dimensions
    public var currency: String?
    public var measure: String?
    public var period: String?
}
