import EMPAggregate
import EMPCore
import Foundation

/// Compound annual growth over a series' span: from the first year with a value of x (t0) to
/// the last (t1), 100 × ((x_t1 / x_t0)^(1 / (t1 − t0)) − 1), one row at t1. The span is the
/// country's series as published (the years in between may be missing: only the ends are
/// compared). Like `_yoy_pct` it does not stop at a break: it carries the worst flag of the
/// values of the span, so a break (B) anywhere inside it flags the growth. No span (one
/// value), x_t0 ≤ 0 or x_t1 < 0 has no growth rate: no row (a series without a value is not
/// published, `trimmedToSeries`).
enum Growth {
    /// The series whose growth is computed: the totals of `_yoy_pct` and the two stocks.
    static let series = ["imm_inflow", "emi_outflow", "imm_stock", "emi_stock", "remit_in_usd", "remit_out_usd"]

    /// The growth rows of one country's rows (every year's, any order).
    static func cagr(of rows: [IndicatorValue]) -> [IndicatorValue] {
        let totals = Dictionary(grouping: rows.filter { isTotal($0) && series.contains($0.indicator) }, by: \.indicator)
        return series.compactMap { id in totals[id].flatMap { cagr(id, $0) } }
    }

    /// The total of x: no breakdown (the top-5 rows of a flow carry the same id with a partner).
    static func isTotal(_ r: IndicatorValue) -> Bool {
        r.sex == "_T" && r.counterpart == "_T" && r.sector == "_Z" && r.rank == "_Z"
    }

    static func cagr(_ id: String, _ rows: [IndicatorValue]) -> IndicatorValue? {
        let valued = rows.filter { $0.value != nil }.sorted { $0.year < $1.year }
        guard let first = valued.first, let last = valued.last, last.year > first.year else { return nil }
        let status = valued.map(\.status).reduce(ObsStatus.normal, ObsStatus.worst)
        let (x0, x1) = (first.value!, last.value!)
        guard x0 > 0, x1 >= 0 else { return nil }
        let amount = Amount(value: 100 * (pow(x1 / x0, 1 / Double(last.year - first.year)) - 1), status: status)
        return IndicatorValue(
            refArea: last.refArea, indicator: id + "_cagr_pct", year: last.year, amount: amount,
            unit: Unit.percent)
    }
}
