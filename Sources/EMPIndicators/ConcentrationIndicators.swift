import EMPAggregate
import EMPCore

/// Partner concentration: the Herfindahl–Hirschman index Σ sᵢ² over the partner shares sᵢ of a
/// flow, stock or remittance, on 0–1 (1: a single partner; 1/n: n equal partners). The shares
/// are of the named partners' sum: `_T`, `_U`, `_O` and `_Z` are no partner, so a remainder
/// the source leaves unallocated ("other countries") is outside the index, which describes the
/// known distribution. Only a table broken down by partner has one; a named partner with a
/// missing value makes it missing (its shares are unknown); a sum of 0 has none (M).
extension Context {
    func concentration() -> [IndicatorValue] {
        let specs: [(String, Domain, Direction)] = [
            ("imm_inflow", .inflows, .inbound), ("emi_outflow", .outflows, .outbound),
            ("imm_stock", .stocks, .inbound), ("emi_stock", .stocks, .outbound),
            ("remit_in", .remittances, .inbound),
        ]
        return specs.map { spec in
            let t = table(spec.1, spec.2)
            return protectConcentration(row("partner_hhi_\(spec.0)", hhi(t), Unit.ratio), t, spec.1, spec.2)
        }
    }

    func hhi(_ t: Marginal?) -> Amount {
        guard let t else { return .missing() }
        let partners = t.values(of: .partner).subtracting(Context.notPartners)
        guard !partners.isEmpty else { return .missing() }
        // Added in partner order: the same sum, to the last bit, in every run.
        let parts = t.sums(by: .partner, in: partners).sorted { $0.key < $1.key }.map(\.value)
        if let gap = parts.first(where: { $0.value == nil }) { return .missing(gap.status) }
        let status = parts.map(\.status).reduce(ObsStatus.normal, ObsStatus.worst)
        let total = parts.reduce(0) { $0 + $1.value! }
        guard total > 0 else { return Amount(value: nil, status: Arithmetic.undefined) }
        let index = parts.reduce(0) { $0 + ($1.value! / total) * ($1.value! / total) }
        return Amount(value: index, status: status)
    }
}
