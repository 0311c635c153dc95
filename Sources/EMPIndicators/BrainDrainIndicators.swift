import EMPAggregate
import EMPCore

/// The emigration rate of the tertiary educated (issue 14, point 4; Docquier & Marfouk 2006,
/// WDI SM.EMI.TERT.ZS): 100 × M / (N + M), M the emigrants aged 25 and over with ISCED 5-8
/// living abroad (`stocks`, OUT, by `education`), N the residents aged 25 and over with ISCED
/// 5-8 at home (`population_by_education`). Both counts are of the 25 and over exactly: the
/// bands of a table's cells with a known ISCED level must be `Y_GE25`, or tile 25 to the
/// oldest age once (`Y25-64` and `Y_GE65`; bands wholly under 25 are left out). A band across
/// 25 (`Y15-64`, `Y_GE15`) or an overlap with no `Y_GE25`, ages not given (`_T` only), or no
/// cell with a known ISCED level leave the count, hence the rate, missing (O), never
/// estimated; the unknown age (`_U`) and education (`_U`) are not counted (as in the skill
/// shares). A table with known levels but no tertiary cell counts 0 tertiary educated.
extension Context {
    func brainDrain() -> [IndicatorValue] {
        let abroad = Context.tertiary25Plus(table(.stocks, .outbound))
        let home = Context.tertiary25Plus(referenceTable(.populationByEducation))
        return [
            row("emi_stock_tertiary", abroad ?? .missing(), Unit.persons),
            row(
                "emi_rate_tertiary", Arithmetic.ratio(abroad, Arithmetic.plus(home, abroad), scale: 100), Unit.percent),
        ]
    }

    /// A reference table with breakdowns (no direction) of this country and year.
    func referenceTable(_ domain: Domain) -> Marginal? {
        let key = TableKey(domain: domain, refArea: country, year: year, direction: nil)
        if let cached = cache.tables[key] { return cached }
        let made = cube.marginal(key)
        cache.tables[key] = made
        return made
    }

    /// The people aged 25 and over with ISCED 5-8 in `t`, or nil when `t` cannot say.
    static func tertiary25Plus(_ t: Marginal?) -> Amount? {
        let known = isced.values.reduce(Set<String>()) { $0.union($1) }
        guard let t, let ages = ages25Plus(t.values(of: .age, where: .education, in: known)) else { return nil }
        return t.sum([.age: ages, .education: isced["high"]!]) ?? Amount(value: 0, status: .normal)
    }

    /// The age codes that make up the 25 and over exactly: `Y_GE25` when given, else the bands
    /// from 25 up when they tile 25 to the oldest age once; nil otherwise.
    static func ages25Plus(_ codes: Set<String>) -> Set<String>? {
        if codes.contains("Y_GE25") { return ["Y_GE25"] }
        var inside: [(code: String, band: AgeBand)] = []
        for code in codes.subtracting(["_T", "_U", "_Z"]) {
            guard let band = AgeBand(code) else { return nil }
            if band.range.upperBound < 25 { continue }
            guard band.range.lowerBound >= 25 else { return nil }
            inside.append((code, band))
        }
        guard AgeBand.tile(inside.map(\.band), from: 25) else { return nil }
        return Set(inside.map(\.code))
    }
}
