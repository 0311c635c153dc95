import EMPCore

/// Checks across the rows of one aggregate source: the same cell twice, and `_T` totals
/// against the sum of their categories. Returns, per rejected row index, why.
public struct ConsistencyCheck {
    public let tolerancePct: Double

    public init(tolerancePct: Double) { self.tolerancePct = tolerancePct }

    /// `residuals`: by observation, the label of a matrix's residual partner (see
    /// `checkDuplicates`); none elsewhere.
    func check(_ obs: ObservationTable, _ ids: CellIDs, residuals: [Int: String] = [:]) -> [Int: [RowProblem]] {
        var rejected: [Int: [RowProblem]] = [:]
        checkDuplicates(obs, ids, residuals: residuals, &rejected)
        // A rate or a percentage of a total is not the sum of the rates of its parts.
        if !obs.isEmpty && obs.domain(0) != .measures { checkTotals(obs, ids, &rejected) }
        return rejected
    }

    /// Two residual columns of a matrix (`Other North` and `Other South`, both `_O`) are two
    /// parts of one cell, not the same cell twice: each stays its own observation and the
    /// profiles add them into the one `_O` cell as they add any cells (`Cube`: the worst flag,
    /// missing if one is). The same label twice is still a duplicate.
    func checkDuplicates(
        _ obs: ObservationTable, _ ids: CellIDs, residuals: [Int: String] = [:], _ rejected: inout [Int: [RowProblem]]
    ) {
        var groups = GroupTable(expected: obs.count)
        var firstRow: [Int] = []
        firstRow.reserveCapacity(obs.count)
        var residualIDs: [String: Int32] = [:]
        for i in obs.indices {
            var extra: Int32 = 0
            if !residuals.isEmpty, let label = residuals[i] {
                if let known = residualIDs[label] {
                    extra = known
                } else {
                    extra = Int32(residualIDs.count + 1)
                    residualIDs[label] = extra
                }
            }
            let (group, new) = groups.id(ids.keys[i], extra: extra)
            if new {
                firstRow.append(i)
                continue
            }
            let j = firstRow[Int(group)], o = obs[i]
            let earlier = obs[j]
            let same = obs.value(j) == o.value
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
    func checkTotals(_ obs: ObservationTable, _ ids: CellIDs, _ rejected: inout [Int: [RowProblem]]) {
        let usable = obs.indices.filter { rejected[$0] == nil }
        for (slot, field) in Dimensions.Field.allCases.enumerated() {
            // Only a group with a total is checked: without one `_T` the breakdown has none.
            guard usable.contains(where: { ids.isTotal($0, slot) }) else { continue }
            var groups = GroupTable(expected: usable.count)
            var totals: [Int] = []
            var parts = GroupChains(rows: obs.count)
            for i in usable {
                let (g, new) = groups.id(ids.group(i, over: slot))
                if new {
                    totals.append(-1)
                    parts.addGroup()
                }
                if ids.isTotal(i, slot) { totals[Int(g)] = i } else { parts.append(i, to: g) }
            }
            for (g, t) in totals.enumerated() {
                guard t >= 0, rejected[t] == nil, let problem = mismatch(obs, t, parts.rows(g), field) else { continue }
                rejected[t, default: []].append(problem)
            }
        }
    }

    /// A total against its parts. With every part known it must equal their sum (within the
    /// tolerance); with some parts missing (an empty cell) it is still checked as far as it
    /// can be: counts are never negative, so a total below the parts it has is wrong whatever
    /// the missing ones hold.
    func mismatch(_ obs: ObservationTable, _ t: Int, _ parts: [Int], _ field: Dimensions.Field) -> RowProblem? {
        guard let total = obs.value(t) else { return nil }
        let known = parts.filter { obs.value($0) != nil }
        guard !known.isEmpty else { return nil }
        let sum = known.reduce(0.0) { $0 + obs.value($1)! }
        let slack = tolerancePct / 100 * abs(total) + 1e-9
        let complete = known.count == parts.count
        guard complete ? abs(total - sum) > slack : sum - total > slack else { return nil }
        // The cells of a matrix row share its line: each line is named once.
        var seen = Set<Int>()
        let lines = known.map { obs.rows[$0].line }.filter { seen.insert($0).inserted }.map(String.init)
            .joined(separator: ", ")
        return complete
            ? TotalMismatch.problem(
                field: field.rawValue, total: format(total), sum: format(sum), lines: lines,
                tolerance: format(tolerancePct))
            : TotalMismatch.belowKnownParts(
                field: field.rawValue, total: format(total), sum: format(sum), lines: lines,
                missing: parts.count - known.count)
    }

    /// Missing categories that make a total missing: for each breakdown, rows that differ only
    /// in it, with no `_T` row among them, some with values and some without. The profiles sum
    /// such a total from its categories (`Marginal`), so one missing category blanks it. Per row
    /// index: the breakdowns whose totals it blanks, and how many categories beside it have values.
    func missingParts(
        _ obs: ObservationTable, _ ids: CellIDs, rejected: [Int: [RowProblem]]
    ) -> [Int: (fields: [Dimensions.Field], others: Int)] {
        guard !obs.isEmpty, obs.domain(0) != .measures else { return [:] }  // never summed
        let usable = obs.indices.filter { rejected[$0] == nil }
        // Only a missing value can blank a total.
        guard usable.contains(where: { obs.value($0) == nil }) else { return [:] }
        var out: [Int: (fields: [Dimensions.Field], others: Int)] = [:]
        for (slot, field) in Dimensions.Field.allCases.enumerated() {
            var groups = GroupTable(expected: usable.count)
            var hasTotal: [Bool] = []
            var parts = GroupChains(rows: obs.count)
            for i in usable {
                let (g, new) = groups.id(ids.group(i, over: slot))
                if new {
                    hasTotal.append(false)
                    parts.addGroup()
                }
                if ids.isTotal(i, slot) { hasTotal[Int(g)] = true } else { parts.append(i, to: g) }
            }
            for (g, total) in hasTotal.enumerated() where !total {
                let rows = parts.rows(g)
                let valued = rows.filter { obs.value($0) != nil }.count
                guard valued > 0 else { continue }
                for i in rows where obs.value(i) == nil {
                    out[i, default: ([], 0)].fields.append(field)
                    out[i]!.others = max(out[i]!.others, valued)
                }
            }
        }
        return out
    }

    func format(_ v: Double?) -> String {
        guard let v else { return "missing" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
