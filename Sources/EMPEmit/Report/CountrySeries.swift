import EMPCore
import EMPIndicators

/// One country's rows grouped as the report reads them: each indicator's total series by
/// year, its rows per sector, and its ranked corridor rows (rows come in table order).
struct CountrySeries {
    let years: [Int]
    /// Indicator → year → the total row (sex _T, partner _T, sector _Z, no rank).
    private(set) var totals: [String: [Int: IndicatorValue]] = [:]
    /// Indicator → sector → year → row.
    private(set) var sectors: [String: [String: [Int: IndicatorValue]]] = [:]
    /// Indicator → year → its ranked rows (rank 1 first).
    private(set) var ranked: [String: [Int: [IndicatorValue]]] = [:]

    init(_ country: FormattedCountry) {
        years = country.result.years
        for r in country.rows {
            if r.rank != "_Z" {
                ranked[r.indicator, default: [:]][r.year, default: []].append(r)
            } else if r.sector != "_Z", r.sex == "_T", r.counterpart == "_T" {
                sectors[r.indicator, default: [:]][r.sector, default: [:]][r.year] = r
            } else if r.sex == "_T", r.counterpart == "_T", r.sector == "_Z" {
                totals[r.indicator, default: [:]][r.year] = r
            }
        }
        for (id, byYear) in ranked {
            ranked[id] = byYear.mapValues { $0.sorted { (Int($0.rank) ?? 0) < (Int($1.rank) ?? 0) } }
        }
    }

    /// Whether the indicator has a value in any year.
    func has(_ id: String) -> Bool { totals[id]?.values.contains { $0.value != nil } == true }

    /// The latest year with a value, and the row.
    func latest(_ id: String) -> IndicatorValue? {
        totals[id]?.values.filter { $0.value != nil }.max { $0.year < $1.year }
    }

    /// The value and flag of each of these years (nil and "" where there is none).
    func series(_ id: String, years: [Int]) -> (values: [Double?], flags: [String]) {
        let byYear = totals[id] ?? [:]
        return (years.map { byYear[$0]?.value }, years.map { byYear[$0]?.status.code ?? "" })
    }

    /// The country's years from the first to the last in which one of these indicators has a
    /// value: a chart or table of them spans only those (a stock counted in 2020 alone is not
    /// drawn over thirty empty years).
    func span(_ ids: [String]) -> [Int] {
        let with = ids.flatMap { (totals[$0] ?? [:]).values.filter { $0.value != nil }.map(\.year) }
        guard let first = with.min(), let last = with.max() else { return [] }
        return years.filter { $0 >= first && $0 <= last }
    }

    /// The latest year with sector rows of the indicator, and those rows, largest first.
    func latestSectors(_ id: String) -> (year: Int, rows: [IndicatorValue])? {
        guard let bySector = sectors[id] else { return nil }
        let year = bySector.values.flatMap { $0.values.filter { $0.value != nil }.map(\.year) }.max()
        guard let year else { return nil }
        let rows = bySector.values.compactMap { $0[year] }.filter { $0.value != nil }
        return (year, rows.sorted { ($0.value!, $1.sector) > ($1.value!, $0.sector) })
    }

    /// The latest year with ranked rows of the indicator, and those rows (rank order).
    func latestRanked(_ id: String) -> (year: Int, rows: [IndicatorValue])? {
        guard let byYear = ranked[id],
            let year = byYear.filter({ $0.value.contains { $0.value != nil } }).keys.max()
        else { return nil }
        return (year, byYear[year]!.filter { $0.value != nil })
    }
}
