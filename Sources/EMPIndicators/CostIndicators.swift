import EMPAggregate
import EMPCore

/// SDG 10.c.1, remittance costs as a proportion of the amount remitted (the cost of sending
/// USD 200), from corridor costs: for each side (sending from the country, sending to it) the
/// mean over its corridors of each corridor's mean over the year's quarters with a value, so
/// a corridor surveyed in two quarters weighs as much as one surveyed in four; the share of
/// corridors above the target's 5 %; the distance of the mean to the 3 % target. A corridor
/// counts in a year when one of its quarters has a value; a side without one is missing (O).
/// Each value carries the worst flag of the costs it averages.
extension Context {
    /// SDG target 10.c: costs below 3 % by 2030, no corridor above 5 %.
    static let costTarget = 3.0
    static let costCeiling = 5.0

    func costs() -> [IndicatorValue] {
        CostSide.allCases.flatMap { costRows($0) }
    }

    func costRows(_ side: CostSide) -> [IndicatorValue] {
        let id = "remit_cost_\(side.rawValue)"
        // In partner order: the same mean, to the last bit, in every run.
        let corridors = (cube.corridorCosts(country, year, side) ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            .filter { $0.mean != nil }
        guard !corridors.isEmpty else {
            return [
                row(id + "_avg_pct", .missing(), Unit.percent), row(id + "_above_5_pct", .missing(), Unit.percent),
                row(id + "_gap_to_3_pp", .missing(), Unit.percentagePoints),
                row(id + "_corridors", .missing(), Unit.count),
            ]
        }
        let status = corridors.map(\.status).reduce(ObsStatus.normal, ObsStatus.worst)
        let means = corridors.map { $0.mean! }
        let n = Double(means.count)
        let average = means.reduce(0, +) / n
        let above = Double(means.filter { $0 > Context.costCeiling }.count)
        return [
            row(id + "_avg_pct", Amount(value: average, status: status), Unit.percent),
            row(id + "_above_5_pct", Amount(value: 100 * above / n, status: status), Unit.percent),
            row(
                id + "_gap_to_3_pp", Amount(value: average - Context.costTarget, status: status), Unit.percentagePoints),
            row(id + "_corridors", Amount(value: n, status: status), Unit.count),
        ]
    }
}
