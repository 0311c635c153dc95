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
            rejected[i, default: []].append(same
                ? RowProblem(column: nil, rule: .duplicateCell, value: format(o.value),
                             message: "the cell \(cell) was already given on line \(earlier.line)",
                             hint: "remove the repeated row; it would be counted twice")
                : RowProblem(column: nil, rule: .conflictingCell, value: format(o.value),
                             message: "the cell \(cell) is \(format(o.value)) here but \(format(earlier.value)) on line \(earlier.line)",
                             hint: "keep one value for the cell; the first one is used"))
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
                if obs[i].dims[field] == "_T" { groups[key, default: (nil, [])].total = i } else {
                    groups[key, default: (nil, [])].parts.append(i)
                }
            }
            for (_, group) in groups {
                guard let t = group.total, !group.parts.isEmpty, rejected[t] == nil, obs[t].value != nil,
                      group.parts.allSatisfy({ obs[$0].value != nil }) else { continue }
                let total = obs[t].value!
                let sum = group.parts.reduce(0.0) { $0 + obs[$1].value! }
                guard abs(total - sum) > tolerancePct / 100 * abs(total) + 1e-9 else { continue }
                let lines = group.parts.map { String(obs[$0].line) }.joined(separator: ", ")
                rejected[t, default: []].append(RowProblem(
                    column: nil, rule: .totalMismatch, value: format(total),
                    message: "the \(field.rawValue) total \(format(total)) differs from the sum of its categories \(format(sum)) (lines \(lines)) by more than \(format(tolerancePct))%",
                    hint: "correct the total or the categories; add the missing categories (e.g. _U unknown) if the file leaves some out"))
            }
        }
    }

    func format(_ v: Double?) -> String {
        guard let v else { return "missing" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
