import EMPAggregate
import EMPCore

/// A published value of a breakdown as disclosure control sees it: its row, the codes its
/// numerator adds and those its denominator adds (nil for a count, which is its numerator).
struct BreakdownValue {
    var row: IndicatorValue
    var num: Set<String>
    var den: Set<String>?
}

/// Disclosure control of one country and year (`DisclosureRule`). Only microdata are
/// protected: an aggregate file's cells are published as the file gives them (a cell it marks
/// confidential is already Q).
extension Context {
    /// A flow total's confidentiality: primary when it has too few records behind it.
    func flowConfidentiality(_ dir: Direction, year: Int? = nil) -> Confidentiality {
        guard disclosure.isOn, let n = cube.records(country, year ?? self.year, dir) else { return .free }
        return disclosure.isSensitive(n) ? .primary : .free
    }

    /// `row` withheld when any of the totals it is built on is.
    func guarded(_ row: IndicatorValue, by totals: [Confidentiality]) -> IndicatorValue {
        let conf = totals.max() ?? .free
        return conf == .free ? row : row.withheld(conf)
    }

    /// The values of one breakdown (`field` of table `t`, narrowed by `extra`) with those
    /// disclosure control withholds. The cells are the breakdown's codes that no published value
    /// tells apart (every value adds all of them or none: e.g. ISCED 0, 1 and 2 within "low"),
    /// so a cell is what a reader could compute, and its records decide. A value is withheld
    /// when its numerator or denominator adds some withheld cells but not all of them (adding
    /// all, as the total does, gives only their sum). `dir` nil: not a microdata table.
    func protect(
        _ values: [BreakdownValue], _ t: Marginal?, _ field: Dimensions.Field, _ dir: Direction?,
        extra: [Dimensions.Field: Set<String>] = [:]
    ) -> [IndicatorValue] {
        guard disclosure.isOn, let t, let dir, cube.records(country, year, dir) != nil else { return values.map(\.row) }
        let codes = t.values(of: field).subtracting(["_T"])
        var groups: [[Bool]: Set<String>] = [:]
        for c in codes {
            groups[values.flatMap { [$0.num.contains(c), $0.den?.contains(c) ?? false] }, default: []].insert(c)
        }
        let cells = groups.values.map { members -> CellSuppression.Cell in
            var fixed = extra
            fixed[field] = members
            return CellSuppression.Cell(
                name: Context.cellName(members), value: t.sum(fixed)?.value ?? 0, records: t.records(fixed))
        }
        // A breakdown of too few records in all (a small flow, its people aged 25 and over)
        // withholds every value, a share of 0 too: "none of them is high-skilled" is said of
        // a handful of people, and the shares published beside a withheld one add up to it.
        if disclosure.isSensitive(cells.reduce(0) { $0 + $1.records }) {
            return values.map { $0.row.withheld(.primary) }
        }
        let status = CellSuppression.protect(cells, rule: disclosure)
        var byCode: [String: Confidentiality] = [:]
        for members in groups.values {
            for c in members { byCode[c] = status[Context.cellName(members)] ?? .free }
        }
        let withheld = Set(byCode.filter { $0.value != .free }.keys)
        return values.map { v in
            // A sum that adds every withheld cell (the total, the known categories) says only
            // what the total less the published cells says already: their sum, which pins none.
            let partial = ([v.num] + (v.den.map { [$0] } ?? [])).filter { !withheld.isSubset(of: $0) }
            let conf = partial.flatMap { $0.compactMap { byCode[$0] } }.max() ?? .free
            return conf == .free ? v.row : v.row.withheld(conf)
        }
    }

    /// A cell's name: its codes in order (names break ties between equal cells).
    static func cellName(_ codes: Set<String>) -> String { codes.sorted().joined(separator: "+") }

    /// A share that is a cell of another field's breakdown (care workers with major groups
    /// only: occupation 5 in section Q): withheld when its numerator or denominator has too
    /// few records. Nothing else publishes that breakdown, so no secondary cell is needed.
    func protectCross(
        _ row: IndicatorValue, _ t: Marginal?, num: [Dimensions.Field: Set<String>],
        den: [Dimensions.Field: Set<String>], _ dir: Direction
    ) -> IndicatorValue {
        guard disclosure.isOn, let t, cube.records(country, year, dir) != nil else { return row }
        let sensitive = [num, den].contains { disclosure.isSensitive(t.records($0)) }
        return sensitive ? row.withheld(.primary) : row
    }
}

extension Context {
    /// A concentration index over the partners of a flow built from microdata: withheld when the
    /// flow or any partner cell has too few records. Σ sᵢ² is a second equation beside the total:
    /// with two partners withheld, the visible shares, the total and the index would solve both.
    func protectConcentration(
        _ row: IndicatorValue, _ t: Marginal?, _ domain: Domain, _ dir: Direction
    )
        -> IndicatorValue
    {
        guard disclosure.isOn, let t, MicrodataStore.tables(dir).contains(domain),
            cube.records(country, year, dir) != nil
        else { return row }
        if flowConfidentiality(dir) != .free { return row.withheld(.primary) }
        let partners = t.values(of: .partner).subtracting(Context.notPartners)
        let sensitive = partners.contains { disclosure.isSensitive(t.records([.partner: [$0]])) }
        return sensitive ? row.withheld(.primary) : row
    }
}

extension IndicatorValue {
    /// This value withheld for confidentiality: no value, OBS_STATUS Q, CONF_STATUS `conf`. A
    /// value that is missing anyway stays as it is: there is nothing to withhold.
    public func withheld(_ conf: Confidentiality) -> IndicatorValue {
        guard value != nil, conf != .free else { return self }
        var r = self
        r.value = nil
        r.status = .suppressed
        r.conf = conf
        return r
    }
}
