import EMPCore

/// Sums a table over the breakdowns a question does not ask about. For each other breakdown
/// the `_T` cells are used when the table has them, else its categories are added up: a file
/// that reports totals is not double counted, and one that reports only categories still
/// gives its total.
public struct Marginal {
    public let cells: [Dimensions: Cell]

    public init(_ cells: [Dimensions: Cell]) { self.cells = cells }

    /// The amount for cells whose breakdowns lie in the given sets. nil when no cell matches.
    public func sum(_ fixed: [Dimensions.Field: Set<String>] = [:]) -> Amount? {
        var selected = cells.filter { dims, _ in fixed.allSatisfy { $0.value.contains(dims[$0.key]) } }
        for field in Dimensions.Field.allCases where fixed[field] == nil {
            if selected.contains(where: { $0.key[field] == "_T" }) {
                selected = selected.filter { $0.key[field] == "_T" }
            }
        }
        guard !selected.isEmpty else { return nil }
        var total = 0.0, cents: Int64 = 0
        var status = ObsStatus.normal
        var missingStatus: ObsStatus?
        for (_, cell) in selected.sorted(by: { $0.key < $1.key }) {
            if cell.missing { missingStatus = missingStatus ?? cell.status; continue }
            total += cell.value
            cents += cell.cents
            status = ObsStatus.worst(status, cell.status)
        }
        if let missingStatus { return .missing(missingStatus.isMissing ? missingStatus : .missing) }
        return Amount(value: total + Double(cents) / 100, status: status)
    }

    /// The distinct values a breakdown takes in the table.
    public func values(of field: Dimensions.Field) -> Set<String> { Set(cells.keys.map { $0[field] }) }
}
