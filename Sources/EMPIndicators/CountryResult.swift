import EMPCore

/// One country's computed indicators with what its data cover: everything an output format
/// needs, so no renderer reaches back into the cube.
public struct CountryResult: Sendable {
    public var country: String
    /// In table order (`IndicatorValue.sortedInTableOrder`).
    public var rows: [IndicatorValue]
    /// Every year the country's data cover, ascending.
    public var years: [Int]
    /// Per year, the domains with a value (not a table of missing values only).
    public var domains: [Int: Set<Domain>]

    public init(country: String, rows: [IndicatorValue], years: [Int], domains: [Int: Set<Domain>]) {
        (self.country, self.rows, self.years, self.domains) = (country, rows, years, domains)
    }
}

extension IndicatorEngine {
    /// A country's indicators and coverage; `keep` may drop rows (the catalogue hook of the tests).
    public func result(_ country: String, keep: ([IndicatorValue]) -> [IndicatorValue] = { $0 }) -> CountryResult {
        CountryResult(
            country: country, rows: keep(compute(country)), years: cube.years(of: country),
            domains: cube.valued[country] ?? [:])
    }
}
