import EMPAggregate
import EMPCore

/// Computes every indicator of the catalogue for each country and year the cube covers.
/// An indicator whose inputs are missing for a year is a missing value with a flag (O, or M
/// for a zero denominator); what is published is trimmed to series (`trimmedToSeries`).
public struct IndicatorEngine: Sendable {
    public let cube: SealedCube
    /// Skill shares over every age instead of ages 25 and over (pipeline `skills_age: all`).
    public var skillsAllAges = false
    /// Disclosure control of values built from microdata (pipeline `disclosure:`).
    public var disclosure = DisclosureRule.off

    /// The engine reads the cube from several threads: it takes it sealed.
    public init(cube: SealedCube, skillsAllAges: Bool = false, disclosure: DisclosureRule = .off) {
        self.cube = cube
        self.skillsAllAges = skillsAllAges
        self.disclosure = disclosure
    }

    /// Seals the cube (it is complete) and computes from it.
    public init(cube: Cube, skillsAllAges: Bool = false, disclosure: DisclosureRule = .off) {
        self.init(cube: cube.seal(), skillsAllAges: skillsAllAges, disclosure: disclosure)
    }

    public func computeAll() -> [IndicatorValue] {
        cube.countries.flatMap(compute)
    }

    /// Every series of one country, in table order: from its first value to its last
    /// (`trimmedToSeries`; a series with no value is not published). Growth over the span
    /// (`_cagr_pct`) is computed here, from the years' rows: it needs the whole series.
    /// A family none of whose inputs the country has in any year gives only missing values,
    /// every series of it unpublished: it is not computed (most countries of a real release
    /// have two or three domains, and the rows of the others were most of the engine's work).
    public func compute(_ country: String) -> [IndicatorValue] {
        let present = cube.domains(of: country)
        let hasCosts = cube.costCountries.contains(country)
        let families = Family.allCases.filter { $0.hasInputs(present, costs: hasCosts) }
        let rows = cube.years(of: country).flatMap { compute(country, $0, families) }
        return IndicatorValue.trimmedToSeries(IndicatorValue.sortedInTableOrder(rows + Growth.cagr(of: rows)))
    }

    /// Every indicator of one country and year, missing ones included.
    public func compute(_ country: String, _ year: Int) -> [IndicatorValue] {
        compute(country, year, Family.allCases)
    }

    func compute(_ country: String, _ year: Int, _ families: [Family]) -> [IndicatorValue] {
        let ctx = Context(
            cube: cube, country: country, year: year, skillsAllAges: skillsAllAges, disclosure: disclosure)
        return families.flatMap { $0.rows(ctx) }
    }

    /// The indicator families, in the order their rows are made, and the tables each reads.
    enum Family: CaseIterable {
        case flows, stocks, remittances, composition, sectors, corridors, concentration, costs, protection, returns
        case age, brainDrain, coverage

        /// The domains whose tables the family reads (a value of it needs one of them).
        var inputs: Set<Domain> {
            switch self {
            case .flows: return [.inflows, .outflows]
            case .stocks, .brainDrain: return [.stocks]
            case .remittances: return [.remittances]
            case .composition: return [.gender, .skills, .duration, .inflows, .outflows, .stocks]
            case .sectors: return [.sectors]
            case .corridors, .concentration: return [.inflows, .outflows, .stocks, .remittances]
            case .protection: return [.protection]
            case .returns: return [.returns]
            case .age: return [.inflows, .outflows, .stocks]
            case .costs, .coverage: return []
            }
        }

        /// Whether the country has an input of the family (coverage is counted for every year).
        func hasInputs(_ present: Set<Domain>, costs: Bool) -> Bool {
            switch self {
            case .coverage: return true
            case .costs: return costs
            default: return !inputs.isDisjoint(with: present)
            }
        }

        func rows(_ ctx: Context) -> [IndicatorValue] {
            switch self {
            case .flows: return ctx.flows()
            case .stocks: return ctx.stocks()
            case .remittances: return ctx.remittances()
            case .composition: return ctx.composition()
            case .sectors: return ctx.sectorRows()
            case .corridors: return ctx.corridors()
            case .concentration: return ctx.concentration()
            case .costs: return ctx.costs()
            case .protection: return ctx.protection()
            case .returns: return ctx.returns()
            case .age: return ctx.ageStructure()
            case .brainDrain: return ctx.brainDrain()
            case .coverage: return [ctx.coverage()]
            }
        }
    }
}

/// The inputs of one country and year.
struct Context {
    let cube: SealedCube
    let country: String
    let year: Int
    let skillsAllAges: Bool
    let disclosure: DisclosureRule
    /// Tables already summed for this country and year (each is asked for several times).
    let cache = TableCache()

    final class TableCache {
        var tables: [TableKey: Marginal?] = [:]
    }

    func row(_ id: String, _ amount: Amount, _ unit: String) -> IndicatorValue {
        IndicatorValue(refArea: country, indicator: id, year: year, amount: amount, unit: unit)
    }

    func table(_ domain: Domain, _ dir: Direction, year: Int? = nil) -> Marginal? {
        let key = TableKey(domain: domain, refArea: country, year: year ?? self.year, direction: dir)
        if let cached = cache.tables[key] { return cached }
        let made = cube.marginal(key)
        cache.tables[key] = made
        return made
    }

    func total(_ domain: Domain, _ dir: Direction, year: Int? = nil) -> Amount? {
        table(domain, dir, year: year)?.sum()
    }

    var population: Amount? { cube.referenceValue(.population, country, year) }

    /// Flows and what is built on them. A flow total withheld (too few records) takes with it
    /// every value it could be read back from: its record count (the flow itself when every
    /// weight is 1), rates, net migration, and the growth of this year and of the next.
    func flows() -> [IndicatorValue] {
        let i = total(.inflows, .inbound), e = total(.outflows, .outbound)
        let p = population
        let ci = flowConfidentiality(.inbound), ce = flowConfidentiality(.outbound)
        let ci0 = flowConfidentiality(.inbound, year: year - 1), ce0 = flowConfidentiality(.outbound, year: year - 1)
        let rows: [(IndicatorValue, [Confidentiality])] = [
            (row("imm_inflow", i ?? .missing(), Unit.persons), [ci]),
            (row("emi_outflow", e ?? .missing(), Unit.persons), [ce]),
            (row("net_migration", Arithmetic.minus(i, e), Unit.persons), [ci, ce]),
            (
                row("net_migration_rate", Arithmetic.ratio(Arithmetic.minus(i, e), p, scale: 1000), Unit.perThousand),
                [ci, ce]
            ),
            (row("imm_rate", Arithmetic.ratio(i, p, scale: 1000), Unit.perThousand), [ci]),
            (row("emi_rate", Arithmetic.ratio(e, p, scale: 1000), Unit.perThousand), [ce]),
            (
                row(
                    "imm_inflow_yoy_pct", Arithmetic.growth(i, total(.inflows, .inbound, year: year - 1)), Unit.percent),
                [ci, ci0]
            ),
            (
                row(
                    "emi_outflow_yoy_pct", Arithmetic.growth(e, total(.outflows, .outbound, year: year - 1)),
                    Unit.percent), [ce, ce0]
            ),
            (row("imm_inflow_records", records(.inbound), Unit.count), [ci]),
            (row("emi_outflow_records", records(.outbound), Unit.count), [ce]),
        ]
        return rows.map { guarded($0.0, by: $0.1) }
    }

    /// Microdata records behind a flow: its unweighted sample size.
    func records(_ dir: Direction) -> Amount {
        cube.records(country, year, dir).map { Amount(value: Double($0), status: .normal) } ?? .missing()
    }

    func stocks() -> [IndicatorValue] {
        let imm = total(.stocks, .inbound), emi = total(.stocks, .outbound)
        let p = population
        return [
            row("imm_stock", imm ?? .missing(), Unit.persons),
            row("emi_stock", emi ?? .missing(), Unit.persons),
            row("imm_stock_pct_pop", Arithmetic.ratio(imm, p, scale: 100), Unit.percent),
            row("emi_rate_stock", Arithmetic.ratio(emi, Arithmetic.plus(p, emi), scale: 100), Unit.percent),
        ]
    }

    func remittances() -> [IndicatorValue] {
        let rin = total(.remittances, .inbound), rout = total(.remittances, .outbound)
        return [
            row("remit_in_usd", rin ?? .missing(), Unit.usd),
            row("remit_out_usd", rout ?? .missing(), Unit.usd),
            row("remit_net_usd", Arithmetic.minus(rin, rout), Unit.usd),
            row(
                "remit_in_pct_gdp", Arithmetic.ratio(rin, cube.referenceValue(.gdp, country, year), scale: 100),
                Unit.percent),
            row("remit_in_per_capita", Arithmetic.ratio(rin, population, scale: 1), Unit.usdPerPerson),
            row(
                "remit_in_usd_yoy_pct", Arithmetic.growth(rin, total(.remittances, .inbound, year: year - 1)),
                Unit.percent),
            row(
                "remit_out_usd_yoy_pct", Arithmetic.growth(rout, total(.remittances, .outbound, year: year - 1)),
                Unit.percent),
        ]
    }

    /// Domains with a value this year: a table of missing values only covers nothing. Only
    /// the eight domains the catalogue names count (`Domain.countsInCoverage`).
    func coverage() -> IndicatorValue {
        let n = cube.domainsWithValues(of: country, year: year).filter(\.countsInCoverage).count
        return row("coverage_domains", Amount(value: Double(n), status: .normal), Unit.count)
    }
}
