import EMPCore

/// A cube that is complete: what the indicator engine reads, from several threads at once.
///
/// Sendable because nothing changes it any more: `Cube.seal()` made the cube and its
/// microdata store refuse every change (each mutating entry point checks it), and the
/// coverage, which the cube caches lazily while it grows, is computed once here.
public struct SealedCube: @unchecked Sendable {
    let cube: Cube
    /// Which domains each country has tables for, each year: the years and countries computed.
    public let coverage: [String: [Int: Set<Domain>]]
    /// Which domains have a value for each country and year (`coverage_domains`, a profile's
    /// coverage): a year whose only input is a missing value is computed but not covered.
    public let valued: [String: [Int: Set<Domain>]]

    /// The countries with a corridor cost (SDG 10.c.1) in some year, on either side.
    public let costCountries: Set<String>

    init(cube: Cube, coverage: [String: [Int: Set<Domain>]], valued: [String: [Int: Set<Domain>]]) {
        (self.cube, self.coverage, self.valued) = (cube, coverage, valued)
        costCountries = Set(cube.costs.keys.map(\.refArea))
    }

    /// The domains a country has tables for in any year (what the indicator families read).
    public func domains(of refArea: String) -> Set<Domain> {
        (coverage[refArea] ?? [:]).values.reduce(into: Set<Domain>()) { $0.formUnion($1) }
    }

    /// Countries with profile data.
    public var countries: [String] { coverage.keys.sorted() }

    public func years(of refArea: String) -> [Int] { (coverage[refArea] ?? [:]).keys.sorted() }

    public func domains(of refArea: String, year: Int) -> [Domain] { (coverage[refArea]?[year] ?? []).sorted() }

    /// The domains with a value for a country and year.
    public func domainsWithValues(of refArea: String, year: Int) -> [Domain] {
        (valued[refArea]?[year] ?? []).sorted()
    }

    public func marginal(_ key: TableKey) -> Marginal? { cube.marginal(key) }

    public func referenceValue(_ domain: Domain, _ refArea: String, _ year: Int) -> Amount? {
        cube.referenceValue(domain, refArea, year)
    }

    /// The corridors of a country's remittance costs for a year, by partner (nil: none).
    public func corridorCosts(_ refArea: String, _ year: Int, _ side: CostSide) -> [String: CorridorCost]? {
        cube.costs[CostKey(refArea: refArea, year: year, side: side)]
    }

    /// Microdata records behind a flow (its unweighted sample size).
    public func records(_ refArea: String, _ year: Int, _ direction: Direction) -> Int? {
        cube.records(refArea, year, direction)
    }
}
