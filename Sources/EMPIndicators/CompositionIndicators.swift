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

    /// A share as a value of its breakdown (`share`), for disclosure control.
    func shareValue(
        _ id: String, _ t: Marginal?, _ field: Dimensions.Field, _ num: Set<String>, of den: Set<String>,
        extra: [Dimensions.Field: Set<String>] = [:]
    ) -> BreakdownValue {
        BreakdownValue(row: row(id, share(t, field, num, of: den, extra: extra), Unit.percent), num: num, den: den)
    }

    func composition() -> [IndicatorValue] {
        var rows: [IndicatorValue] = []
        for (dir, flow, who) in [(Direction.inbound, "inflow", "imm"), (.outbound, "outflow", "emi")] {
            let flowDomain: Domain = dir == .inbound ? .inflows : .outflows
            rows += sexShares(breakdown(.sex, dir, in: [.gender, flowDomain]), suffix: flow, dir)
            rows += skillShares(breakdown(.education, dir, in: [.skills, flowDomain]), suffix: who, dir)
            rows += durationShares(breakdown(.duration, dir, in: [.duration, flowDomain]), suffix: flow, dir)
            rows += reasonShares(breakdown(.reason, dir, in: [.duration, flowDomain]), suffix: flow, dir)
        }
        // Stocks come from aggregate files: nothing to protect.
        rows += sexShares(breakdown(.sex, .inbound, in: [.stocks]), suffix: "stock", nil)
        return rows
    }

    func sexShares(_ t: Marginal?, suffix: String, _ dir: Direction?) -> [IndicatorValue] {
        let values = [
            shareValue("share_female_\(suffix)", t, .sex, ["F"], of: ["F", "M"]),
            shareValue("share_sex_unknown_\(suffix)", t, .sex, ["_U"], of: ["F", "M", "_U"]),
        ]
        return protect(values, t, .sex, dir)
    }

    func skillShares(_ t: Marginal?, suffix: String, _ dir: Direction) -> [IndicatorValue] {
        // Skill shares are for the population aged 25 and over when the source gives ages.
        let extra: [Dimensions.Field: Set<String>] =
            !skillsAllAges && t?.values(of: .age).contains("Y_GE25") == true ? [.age: ["Y_GE25"]] : [:]
        let known = Context.isced.values.reduce(Set<String>()) { $0.union($1) }
        let values =
            ["high", "mid", "low"].map {
                shareValue("share_\($0)_skilled_\(suffix)", t, .education, Context.isced[$0]!, of: known, extra: extra)
            } + [
                shareValue(
                    "share_isced_unknown_\(suffix)", t, .education, ["_U"], of: known.union(["_U"]), extra: extra)
            ]
        return protect(values, t, .education, dir, extra: extra)
    }

    func durationShares(_ t: Marginal?, suffix: String, _ dir: Direction) -> [IndicatorValue] {
        let known: Set<String> = ["GE12M", "M3-11"]
        let values = [
            shareValue("share_long_term_\(suffix)", t, .duration, ["GE12M"], of: known),
            shareValue("share_short_term_\(suffix)", t, .duration, ["M3-11"], of: known),
            shareValue("share_duration_unknown_\(suffix)", t, .duration, ["_U"], of: known.union(["_U"])),
        ]
        return protect(values, t, .duration, dir)
    }

    func reasonShares(_ t: Marginal?, suffix: String, _ dir: Direction) -> [IndicatorValue] {
        let known = Context.knownReasons
        let values = [
            shareValue("share_seasonal_\(suffix)", t, .reason, ["SEASONAL_WORK"], of: known),
            shareValue("share_forced_\(suffix)", t, .reason, ["HUMANITARIAN"], of: known),
            shareValue("share_reason_unknown_\(suffix)", t, .reason, ["_U"], of: known.union(["_U"])),
        ]
        return protect(values, t, .reason, dir)
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
            rows += sectorValues(t, sectors, who: who, dir)
            rows.append(careShare(t, who: who, dir))
        }
        return rows
    }

    /// Per section its share of the known sections and its workers, and the unknown share.
    func sectorValues(_ t: Marginal?, _ sectors: [String], who: String, _ dir: Direction) -> [IndicatorValue] {
        var values: [BreakdownValue] = []
        // One pass for all sections: the denominator is the same for each.
        let parts = t?.sums(by: .sector, in: Context.sections) ?? [:]
        let known = t?.sum([.sector: Context.sections])
        for s in sectors {
            var r = row("sector_dist_\(who)", Arithmetic.ratio(parts[s], known, scale: 100), Unit.percent)
            r.sector = s
            values.append(BreakdownValue(row: r, num: [s], den: Context.sections))
            var n = row("sector_workers_\(who)", parts[s] ?? .missing(), Unit.persons)
            n.sector = s
            values.append(BreakdownValue(row: n, num: [s], den: nil))
        }
        let all = Context.sections.union(["_U"])
        let unknown = sectors.isEmpty ? Amount.missing() : share(t, .sector, ["_U"], of: all)
        values.append(
            BreakdownValue(row: row("share_sector_unknown_\(who)", unknown, Unit.percent), num: ["_U"], den: all))
        return protect(values, t, .sector, dir)
    }

    /// ISCO-08 sub-major group 53 over known occupations; with major groups only, major
    /// group 5 (service and sales workers) in ISIC section Q (health and social work).
    func careShare(_ t: Marginal?, who: String, _ dir: Direction) -> IndicatorValue {
        let id = "share_care_workers_\(who)"
        guard let t else { return row(id, .missing(), Unit.percent) }
        let occupations = t.values(of: .occupation).filter { !$0.hasPrefix("_") }
        guard !occupations.isEmpty else { return row(id, .missing(), Unit.percent) }
        let majors = occupations.filter { $0.count == 1 }
        let known = majors.isEmpty ? occupations : majors
        if occupations.contains(where: { $0.count == 2 }) {
            return protect([shareValue(id, t, .occupation, ["53"], of: known)], t, .occupation, dir)[0]
        }
        guard t.values(of: .sector).contains("Q"), let den = t.sum([.occupation: known]) else {
            return row(id, .missing(), Unit.percent)
        }
        let num = t.sum([.occupation: ["5"], .sector: ["Q"]]) ?? Amount(value: 0, status: .normal)
        let value = row(id, Arithmetic.ratio(num, den, scale: 100), Unit.percent)
        return protectCross(value, t, num: [.occupation: ["5"], .sector: ["Q"]], den: [.occupation: known], dir)
    }
}
