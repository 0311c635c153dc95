import EMPCore

/// Checks across the rows of one aggregate source: the same cell twice, and `_T` totals
/// against the sum of their categories. Returns, per rejected row index, why.
public struct ConsistencyCheck {
    public let tolerancePct: Double

    public init(tolerancePct: Double) { self.tolerancePct = tolerancePct }

    public func check(_ observations: [Observation]) -> [Int: [RowProblem]] {
        var rejected: [Int: [RowProblem]] = [:]
        checkDuplicates(observations, &rejected)
        // A rate or a percentage of a total is not the sum of the rates of its parts.
        if observations.first?.domain != .measures { checkTotals(observations, &rejected) }
        return rejected
    }

    func checkDuplicates(_ obs: [Observation], _ rejected: inout [Int: [RowProblem]]) {
        var first: [CellKey: Int] = [:]
        for (i, o) in obs.enumerated() {
            guard let j = first[o.cellKey] else { first[o.cellKey] = i; continue }
            let earlier = obs[j]
            let same = earlier.value == o.value
            let cell = "\(o.refArea) \(o.year) \(o.dims.label)"
            rejected[i, default: []].append(
                same
                    ? DuplicateCell.problem(cell: cell, value: format(o.value), firstLine: earlier.line)
                    : ConflictingCell.problem(
                        cell: cell, value: format(o.value), first: format(earlier.value),
                        firstLine: earlier.line))
        }
    }

    /// For each breakdown, rows that differ only in it are a total (`_T`) and its categories.
    func checkTotals(_ obs: [Observation], _ rejected: inout [Int: [RowProblem]]) {
        let usable = obs.indices.filter { rejected[$0] == nil }
        for field in Dimensions.Field.allCases {
            var groups: [CellKey: (total: Int?, parts: [Int])] = [:]
            for i in usable {
                var key = obs[i].cellKey
                key.dims[field] = "*"
                if obs[i].dims[field] == "_T" {
                    groups[key, default: (nil, [])].total = i
                } else {
                    groups[key, default: (nil, [])].parts.append(i)
                }
            }
            for (_, group) in groups {
                guard let t = group.total, !group.parts.isEmpty, rejected[t] == nil, obs[t].value != nil,
                    group.parts.allSatisfy({ obs[$0].value != nil })
                else { continue }
                let total = obs[t].value!
                let sum = group.parts.reduce(0.0) { $0 + obs[$1].value! }
                guard abs(total - sum) > tolerancePct / 100 * abs(total) + 1e-9 else { continue }
                let lines = group.parts.map { String(obs[$0].line) }.joined(separator: ", ")
                let problem = TotalMismatch.problem(
                    field: field.rawValue, total: format(total), sum: format(sum),
                    lines: lines, tolerance: format(tolerancePct))
                rejected[t, default: []].append(problem)
            }
        }
    }

    func format(_ v: Double?) -> String {
        guard let v else { return "missing" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
