import EMPCore

/// Degradations a run publishes but says aloud (summary, `quality/summary.txt`, `run.json`,
/// `--json`, the ledger): exit 0, unless `--strict`. Computed from the coverage the store
/// keeps per batch (which domains each country has per year), so an incremental run warns
/// about the whole release, not only the countries it computed.
enum ReleaseWarnings {
    /// Per country, the years with flows, stocks or remittances but no population (rates and
    /// per-capita values cannot be computed) and with remittances but no GDP.
    static func denominators(_ coverage: [String: [Int: Set<Domain>]]) -> [String] {
        var out: [String] = []
        for area in coverage.keys.sorted() {
            let years = coverage[area]!
            var needing: Set<String> = [], noPopulation: [Int] = [], noGDP: [Int] = []
            for (year, domains) in years {
                let lost = populationIndicators(domains)
                if !domains.contains(.population), !lost.isEmpty {
                    noPopulation.append(year)
                    needing.formUnion(lost)
                }
                if domains.contains(.remittances), !domains.contains(.gdp) { noGDP.append(year) }
            }
            if !noPopulation.isEmpty {
                let ids = order.filter(needing.contains).joined(separator: ", ")
                out.append("\(area): no population for \(StoreReport.ranges(noPopulation.sorted())): \(ids) cannot be computed for those years (add the population source, or its missing years)")
            }
            if !noGDP.isEmpty {
                out.append("\(area): no GDP for \(StoreReport.ranges(noGDP.sorted())): remit_in_pct_gdp (SDG 17.3.2) cannot be computed for those years (add the gdp source, or its missing years)")
            }
        }
        return out
    }

    static let order = ["imm_rate", "emi_rate", "net_migration_rate", "imm_stock_pct_pop", "emi_rate_stock", "remit_in_per_capita"]

    /// The indicators a year's domains would give with a population.
    static func populationIndicators(_ domains: Set<Domain>) -> Set<String> {
        var ids: Set<String> = []
        if domains.contains(.inflows) { ids.formUnion(["imm_rate", "net_migration_rate"]) }
        if domains.contains(.outflows) { ids.formUnion(["emi_rate", "net_migration_rate"]) }
        if domains.contains(.stocks) { ids.formUnion(["imm_stock_pct_pop", "emi_rate_stock"]) }
        if domains.contains(.remittances) { ids.insert("remit_in_per_capita") }
        return ids
    }

    /// A source read again that covers fewer countries or years than its previous batch.
    static func shrinkage(_ source: String, before: [String: [Int: Set<Domain>]], after: [String: [Int: Set<Domain>]]) -> String? {
        var lost: [String] = []
        for area in before.keys.sorted() {
            let gone = Set(before[area]!.keys).subtracting(after[area]?.keys ?? [:].keys).sorted()
            if gone.isEmpty { continue }
            lost.append(after[area] == nil ? "\(area) (every year: \(StoreReport.ranges(gone)))" : "\(area) \(StoreReport.ranges(gone))")
        }
        guard !lost.isEmpty else { return nil }
        return "\(source): the new delivery covers less than the previous one; no longer covered: \(lost.joined(separator: "; ")) (their values are withdrawn from the release)"
    }
}
