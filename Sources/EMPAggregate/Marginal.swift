import EMPCore

/// Sums a table over the breakdowns a question does not ask about. For each other breakdown
/// the `_T` cells are used when the table has them, else its categories are added up: a file
/// that reports totals is not double counted, and one that reports only categories still
/// gives its total.
public struct Marginal {
    /// Cells in a fixed order, so sums add up in the same order on every run.
    let cells: [(dims: Dimensions, cell: Cell)]

    public init(_ cells: [Dimensions: Cell]) {
        self.cells = cells.map { ($0.key, $0.value) }.sorted { $0.dims < $1.dims }
    }

    /// The amount for cells whose breakdowns lie in the given sets. nil when no cell matches.
    public func sum(_ fixed: [Dimensions.Field: Set<String>] = [:]) -> Amount? {
        let selected = select(fixed)
        return selected.isEmpty ? nil : add(selected)
    }

    /// One amount per value of `field` (among `values`), the other breakdowns narrowed once
    /// over all of them.
    public func sums(by field: Dimensions.Field, in values: Set<String>) -> [String: Amount] {
        var groups: [String: [Int]] = [:]
        for i in select([field: values]) { groups[cells[i].dims[field], default: []].append(i) }
        return groups.mapValues(add)
    }

    func select(_ fixed: [Dimensions.Field: Set<String>]) -> [Int] {
        var selected = cells.indices.filter { i in fixed.allSatisfy { $0.value.contains(cells[i].dims[$0.key]) } }
        for field in Dimensions.Field.allCases where fixed[field] == nil {
            if selected.contains(where: { cells[$0].dims[field] == "_T" }) {
                selected = selected.filter { cells[$0].dims[field] == "_T" }
            }
        }
        return selected
    }

    func add(_ indices: [Int]) -> Amount {
        var total = 0.0, cents: Int64 = 0
        var status = ObsStatus.normal
        var missingStatus: ObsStatus?
        for i in indices {
            let cell = cells[i].cell
            if cell.missing { missingStatus = missingStatus ?? cell.status; continue }
            total += cell.value
            cents += cell.cents
            status = ObsStatus.worst(status, cell.status)
        }
        if let missingStatus { return .missing(missingStatus.isMissing ? missingStatus : .missing) }
        return Amount(value: total + Double(cents) / 100, status: status)
    }

    /// The distinct values a breakdown takes in the table.
    public func values(of field: Dimensions.Field) -> Set<String> { Set(cells.map { $0.dims[field] }) }
}
