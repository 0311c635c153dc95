import EMPEmit
import EMPCore

/// Degradations a run publishes but says aloud (summary, `quality/summary.txt`, `run.json`,
/// `--json`, the ledger): exit 0, unless `--strict`. Missing denominators are found on the
/// values themselves (a count with a number whose ratio has none), for the whole release:
/// the countries computed in this run and the others as published.
enum ReleaseWarnings {
    /// Each ratio and the count it divides, with the denominator it needs.
    static let ratios: [(ratio: String, count: String, denominator: String)] = [
        ("imm_rate", "imm_inflow", "population"), ("emi_rate", "emi_outflow", "population"),
        ("net_migration_rate", "net_migration", "population"), ("imm_stock_pct_pop", "imm_stock", "population"),
        ("emi_rate_stock", "emi_stock", "population"), ("remit_in_per_capita", "remit_in_usd", "population"),
        ("remit_in_pct_gdp", "remit_in_usd", "GDP"),
        ("emi_rate_tertiary", "emi_stock_tertiary", "population by education"),
    ]
    /// The source each denominator comes from.
    static let sources = [
        "GDP": "gdp", "population": "population", "population by education": "population_by_education",
    ]
    static let watched: Set<String> = Set(ratios.flatMap { [$0.ratio, $0.count] })

    /// Whether each watched series (totals only) has a number, per country and year: the
    /// values of the countries computed in this run and, for the others, as published.
    struct Numbers {
        var has: [String: [Int: Set<String>]] = [:]
        var seen: [String: [Int: Set<String>]] = [:]

        mutating func add(_ area: String, _ indicator: String, _ year: Int, number: Bool) {
            guard ReleaseWarnings.watched.contains(indicator) else { return }
            seen[area, default: [:]][year, default: []].insert(indicator)
            if number { has[area, default: [:]][year, default: []].insert(indicator) }
        }
    }

    /// Per country and denominator, the years where a count has a number but its ratio has
    /// none (the denominator is missing, or zero): rates, per-capita and % of GDP values
    /// that cannot be computed.
    static func denominators(_ numbers: Numbers) -> [String] {
        var out: [String] = []
        for area in numbers.seen.keys.sorted() {
            var byDenominator: [String: (years: Set<Int>, ids: Set<String>)] = [:]
            for (year, present) in numbers.has[area] ?? [:] {
                for r in ratios
                // A ratio without a number has no row at all (series are trimmed to their
                // values): a count with a number is enough, unless this emp withholds the ratio.
                where present.contains(r.count) && !present.contains(r.ratio)
                    && !ComputeVersion.withheld.contains(r.ratio)
                {
                    byDenominator[r.denominator, default: ([], [])].years.insert(year)
                    byDenominator[r.denominator, default: ([], [])].ids.insert(r.ratio)
                }
            }
            for (denominator, gap) in byDenominator.sorted(by: { $0.key > $1.key }) {
                let ids = ratios.map(\.ratio).filter(gap.ids.contains).joined(separator: ", ")
                let source = sources[denominator] ?? denominator
                out.append(
                    "\(area): no \(denominator) for \(StatusReport.ranges(gap.years.sorted())) (or it is zero): "
                        + "\(ids) cannot be computed for those years though their counts are there (add the \(source) "
                        + "source, or its missing years)"
                )
            }
        }
        return out
    }

    /// A source read again that covers fewer countries or years than its previous batch.
    static func shrinkage(
        _ source: String, before: [String: [Int: Set<Domain>]], after: [String: [Int: Set<Domain>]]
    ) -> String? {
        var lost: [String] = []
        for area in before.keys.sorted() {
            let gone = Set(before[area]!.keys).subtracting(after[area]?.keys ?? [:].keys).sorted()
            if gone.isEmpty { continue }
            lost.append(
                after[area] == nil
                    ? "\(area) (every year: \(StatusReport.ranges(gone)))" : "\(area) \(StatusReport.ranges(gone))")
        }
        guard !lost.isEmpty else { return nil }
        return
            "\(source): the new delivery covers less than the previous one; no longer covered: "
            + "\(lost.joined(separator: "; ")) (their values are withdrawn from the release)"
    }
}
