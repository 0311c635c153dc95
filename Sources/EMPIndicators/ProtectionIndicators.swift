import EMPAggregate
import EMPCore

/// Refugees, asylum and return migration. Both domains break their tables down by `reason`
/// (the status, or the way home): every indicator asks for its codes, never for a table's sum
/// over them (a refugee stock plus a year's applications is no number).
extension Context {
    /// One status of the protection table: nil when no cell has it (missing, never 0).
    func protected(_ dir: Direction, _ status: String) -> Amount? {
        table(.protection, dir)?.sum([.reason: [status]])
    }

    func protection() -> [IndicatorValue] {
        let hosted = protected(.inbound, ProtectionStatus.refugees)
        let origin = protected(.outbound, ProtectionStatus.refugees)
        let applications = protected(.inbound, ProtectionStatus.applications)
        let decided: Set<String> = [ProtectionStatus.positive, ProtectionStatus.rejected]
        let p = population
        return [
            row("refugees_hosted", hosted ?? .missing(), Unit.persons),
            row("refugees_origin", origin ?? .missing(), Unit.persons),
            row(
                "asylum_seekers_hosted", protected(.inbound, ProtectionStatus.asylumSeekers) ?? .missing(), Unit.persons
            ),
            row(
                "asylum_seekers_origin", protected(.outbound, ProtectionStatus.asylumSeekers) ?? .missing(),
                Unit.persons),
            // UNHCR's denominator: the population at home plus the refugees abroad, both of
            // whom are the country's people (as `emi_rate_stock` adds the emigrants).
            row(
                "sdg_10_7_4", Arithmetic.ratio(origin, Arithmetic.plus(p, origin), scale: 100_000),
                Unit.perHundredThousand),
            row("asylum_applications", applications ?? .missing(), Unit.persons),
            row("asylum_applications_rate", Arithmetic.ratio(applications, p, scale: 1000), Unit.perThousand),
            row(
                "asylum_recognition_rate",
                share(table(.protection, .inbound), .reason, [ProtectionStatus.positive], of: decided), Unit.percent),
        ]
    }

    func returns() -> [IndicatorValue] {
        let t = table(.returns, .inbound)
        let inflow = t?.sum()
        func reason(_ code: String) -> Amount { t?.sum([.reason: [code]]) ?? .missing() }
        let known = ReturnReason.known
        return [
            row("return_inflow", inflow ?? .missing(), Unit.persons),
            row("return_voluntary", reason(ReturnReason.voluntary), Unit.persons),
            row("return_assisted", reason(ReturnReason.assisted), Unit.persons),
            row("return_forced", reason(ReturnReason.forced), Unit.persons),
            row("share_return_forced", share(t, .reason, [ReturnReason.forced], of: known), Unit.percent),
            row("share_return_reason_unknown", share(t, .reason, ["_U"], of: known.union(["_U"])), Unit.percent),
            // The emigrant stock of the same year only: stocks come every five years or so,
            // and a return flow over another year's stock would be a rate of nothing.
            row(
                "returns_per_1000_emigrants", Arithmetic.ratio(inflow, total(.stocks, .outbound), scale: 1000),
                Unit.perThousandEmigrants),
        ]
    }
}
