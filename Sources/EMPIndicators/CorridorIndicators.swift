import EMPAggregate
import EMPCore

/// Top-5 partners of a flow, stock or remittance: value and share of the total. Equal
/// values rank by partner code (the one that sorts first ranks higher). Only partners with a
/// positive value rank: a partner at 0 (a matrix's empty cell) is not a corridor, and a
/// receiver with two partners has a top 2, not a top 5 padded with zeros.
extension Context {
    static let notPartners: Set<String> = ["_T", "_U", "_O", "_Z"]

    func corridors() -> [IndicatorValue] {
        let specs: [(String, Domain, Direction, String)] = [
            ("imm_inflow", .inflows, .inbound, Unit.persons),
            ("emi_outflow", .outflows, .outbound, Unit.persons),
            ("emi_stock", .stocks, .outbound, Unit.persons),
            ("remit_in", .remittances, .inbound, Unit.usd),
        ]
        // Stocks and remittances come from aggregate files: only flows are protected.
        return specs.flatMap {
            corridorRows($0.0, table($0.1, $0.2), unit: $0.3, [.inflows, .outflows].contains($0.1) ? $0.2 : nil)
        }
    }

    /// A partner withheld keeps its rank and code (the ranking is the partners' order, which a
    /// reader sees anyway), without its value and share. The partners beyond the top 5 are
    /// published only within the total, so they are one cell of the breakdown, as withholdable
    /// as any.
    func corridorRows(_ x: String, _ t: Marginal?, unit: String, _ dir: Direction?) -> [IndicatorValue] {
        let id = "top_corridor_\(x)"
        let partners = t.map { $0.values(of: .partner).subtracting(Context.notPartners) } ?? []
        guard let t, !partners.isEmpty else {
            return [row(id, .missing(), unit), row(id + "_share", .missing(), Unit.percent)]
        }
        let ranked = t.sums(by: .partner, in: partners).filter { ($0.value.value ?? 0) > 0 }.map { ($0.key, $0.value) }
            .sorted { a, b in a.1.value! != b.1.value! ? a.1.value! > b.1.value! : a.0 < b.0 }
        let total = t.sum()
        var rows: [BreakdownValue] = []
        for (k, (partner, amount)) in ranked.prefix(5).enumerated() {
            var value = row(id, amount, unit)
            var share = row(id + "_share", Arithmetic.ratio(amount, total, scale: 100), Unit.percent)
            for i in [0, 1] {
                var r = i == 0 ? value : share
                r.counterpart = partner
                r.rank = String(k + 1)
                if i == 0 { value = r } else { share = r }
            }
            rows += [
                BreakdownValue(row: value, num: [partner], den: nil),
                BreakdownValue(row: share, num: [partner], den: t.values(of: .partner)),
            ]
        }
        return protect(rows, t, .partner, dir)
    }
}
