import EMPAggregate
import EMPCore

/// Shares within one breakdown: known categories in the denominator, the unknown share on
/// its own row.
extension Context {
    static let isced: [String: Set<String>] = [
        "low": ["0", "1", "2", "LOW"], "mid": ["3", "4", "MID"], "high": ["5", "6", "7", "8", "HIGH"],
    ]
    static let knownReasons = MigrationReason.known
    static let sections = Set("ABCDEFGHIJKLMNOPQRSTU".map(String.init))

    /// The first of the candidate tables that breaks the field down at all.
    func breakdown(_ field: Dimensions.Field, _ dir: Direction, in domains: [Domain]) -> Marginal? {
        for d in domains {
            if let t = table(d, dir), t.values(of: field).contains(where: { $0 != "_T" }) { return t }
        }
        return nil
    }

    /// 100 × numerator / denominator over the categories given. A category the table does not
    /// report counts as 0 when others are reported; no table or no known category is missing.
    func share(
        _ t: Marginal?, _ field: Dimensions.Field, _ num: Set<String>, of den: Set<String>,
        extra: [Dimensions.Field: Set<String>] = [:]
    ) -> Amount {
        guard let t else { return .missing() }
        var fixedDen = extra, fixedNum = extra
        fixedDen[field] = den
        fixedNum[field] = num
        guard let d = t.sum(fixedDen) else { return .missing() }
        let n = t.sum(fixedNum) ?? Amount(value: 0, status: .normal)
        return Arithmetic.ratio(n, d, scale: 100)
    }

    func composition() -> [IndicatorValue] {
        var rows: [IndicatorValue] = []
        for (dir, flow, who) in [(Direction.inbound, "inflow", "imm"), (.outbound, "outflow", "emi")] {
            let flowDomain: Domain = dir == .inbound ? .inflows : .outflows
            rows += sexShares(breakdown(.sex, dir, in: [.gender, flowDomain]), suffix: flow)
            rows += skillShares(breakdown(.education, dir, in: [.skills, flowDomain]), suffix: who)
            rows += durationShares(breakdown(.duration, dir, in: [.duration, flowDomain]), suffix: flow)
            rows += reasonShares(breakdown(.reason, dir, in: [.duration, flowDomain]), suffix: flow)
        }
        rows += sexShares(breakdown(.sex, .inbound, in: [.stocks]), suffix: "stock")
        return rows
    }

    func sexShares(_ t: Marginal?, suffix: String) -> [IndicatorValue] {
        [
            row("share_female_\(suffix)", share(t, .sex, ["F"], of: ["F", "M"]), Unit.percent),
            row("share_sex_unknown_\(suffix)", share(t, .sex, ["_U"], of: ["F", "M", "_U"]), Unit.percent),
        ]
    }

    func skillShares(_ t: Marginal?, suffix: String) -> [IndicatorValue] {
        // Skill shares are for the population aged 25 and over when the source gives ages.
        let extra: [Dimensions.Field: Set<String>] =
            !skillsAllAges && t?.values(of: .age).contains("Y_GE25") == true ? [.age: ["Y_GE25"]] : [:]
        let known = Context.isced.values.reduce(Set<String>()) { $0.union($1) }
        return ["high", "mid", "low"].map {
            row(
                "share_\($0)_skilled_\(suffix)", share(t, .education, Context.isced[$0]!, of: known, extra: extra),
                Unit.percent)
        } + [
            row(
                "share_isced_unknown_\(suffix)", share(t, .education, ["_U"], of: known.union(["_U"]), extra: extra),
                Unit.percent)
        ]
    }

    func durationShares(_ t: Marginal?, suffix: String) -> [IndicatorValue] {
        let known: Set<String> = ["GE12M", "M3-11"]
        return [
            row("share_long_term_\(suffix)", share(t, .duration, ["GE12M"], of: known), Unit.percent),
            row("share_short_term_\(suffix)", share(t, .duration, ["M3-11"], of: known), Unit.percent),
            row("share_duration_unknown_\(suffix)", share(t, .duration, ["_U"], of: known.union(["_U"])), Unit.percent),
        ]
    }

    func reasonShares(_ t: Marginal?, suffix: String) -> [IndicatorValue] {
        let known = Context.knownReasons
        return [
            row("share_seasonal_\(suffix)", share(t, .reason, ["SEASONAL_WORK"], of: known), Unit.percent),
            row("share_forced_\(suffix)", share(t, .reason, ["HUMANITARIAN"], of: known), Unit.percent),
            row("share_reason_unknown_\(suffix)", share(t, .reason, ["_U"], of: known.union(["_U"])), Unit.percent),
        ]
    }

    func sectorRows() -> [IndicatorValue] {
        var rows: [IndicatorValue] = []
        for (dir, who) in [(Direction.inbound, "imm"), (.outbound, "emi")] {
            let t = table(.sectors, dir)
            let sectors = t.map { $0.values(of: .sector).intersection(Context.sections).sorted() } ?? []
            if sectors.isEmpty {
                for (id, unit) in [("sector_dist_\(who)", Unit.percent), ("sector_workers_\(who)", Unit.persons)] {
                    var r = row(id, .missing(), unit)
                    r.sector = "_T"
                    rows.append(r)
                }
            }
            // One pass for all sections: the denominator is the same for each.
            let parts = t?.sums(by: .sector, in: Context.sections) ?? [:]
            let known = t?.sum([.sector: Context.sections])
            for s in sectors {
                var r = row("sector_dist_\(who)", Arithmetic.ratio(parts[s], known, scale: 100), Unit.percent)
                r.sector = s
                rows.append(r)
                var n = row("sector_workers_\(who)", parts[s] ?? .missing(), Unit.persons)
                n.sector = s
                rows.append(n)
            }
            let unknown =
                sectors.isEmpty ? Amount.missing() : share(t, .sector, ["_U"], of: Context.sections.union(["_U"]))
            rows.append(row("share_sector_unknown_\(who)", unknown, Unit.percent))
            rows.append(row("share_care_workers_\(who)", careShare(t), Unit.percent))
        }
        return rows
    }

    /// ISCO-08 sub-major group 53 over known occupations; with major groups only, major
    /// group 5 (service and sales workers) in ISIC section Q (health and social work).
    func careShare(_ t: Marginal?) -> Amount {
        guard let t else { return .missing() }
        let occupations = t.values(of: .occupation).filter { !$0.hasPrefix("_") }
        guard !occupations.isEmpty else { return .missing() }
        let majors = occupations.filter { $0.count == 1 }
        let known = majors.isEmpty ? occupations : majors
        if occupations.contains(where: { $0.count == 2 }) {
            return share(t, .occupation, ["53"], of: known)
        }
        guard t.values(of: .sector).contains("Q"), let den = t.sum([.occupation: known]) else { return .missing() }
        let num = t.sum([.occupation: ["5"], .sector: ["Q"]]) ?? Amount(value: 0, status: .normal)
        return Arithmetic.ratio(num, den, scale: 100)
    }
}
