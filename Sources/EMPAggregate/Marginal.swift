import EMPCore

/// Sums a table over the breakdowns a question does not ask about. For each other breakdown
/// the `_T` cells are used when the table has them, else its categories are added up: a file
/// that reports totals is not double counted, and one that reports only categories still
/// gives its total.
///
/// Codes are interned once per table as small ids given in sorted order, so comparing and
/// filtering cells never touches a string; cells are kept in sorted order so sums add up in
/// the same order on every run.
public struct Marginal {
    /// The table's distinct codes, sorted; a code's id is its index.
    let strings: [String]
    /// Per breakdown field (in `Dimensions.Field` order), the code id of each cell.
    let ids: [[UInt16]]
    let cells: [Cell]
    /// The id of `_T`, if the table uses it.
    let total: UInt16?

    static let fields = Dimensions.Field.allCases

    public init(_ table: [Dimensions: Cell]) {
        var distinct = Set<String>()
        for dims in table.keys { for f in Marginal.fields { distinct.insert(dims[f]) } }
        strings = distinct.sorted()
        var index: [String: UInt16] = [:]
        for (i, s) in strings.enumerated() { index[s] = UInt16(i) }
        let rows = table.map { (dims, cell) in (Marginal.fields.map { index[dims[$0]]! }, cell) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
        ids = Marginal.fields.indices.map { f in rows.map { $0.0[f] } }
        cells = rows.map(\.1)
        total = index["_T"]
    }

    /// The amount for cells whose breakdowns lie in the given sets. nil when no cell matches.
    public func sum(_ fixed: [Dimensions.Field: Set<String>] = [:]) -> Amount? {
        let selected = select(fixed)
        return selected.isEmpty ? nil : add(selected)
    }

    /// One amount per value of `field` (among `values`), the other breakdowns narrowed once
    /// over all of them.
    public func sums(by field: Dimensions.Field, in values: Set<String>) -> [String: Amount] {
        var groups: [UInt16: [Int]] = [:]
        let column = ids[Marginal.position(field)]
        for i in select([field: values]) { groups[column[i], default: []].append(i) }
        var out: [String: Amount] = [:]
        for (id, members) in groups { out[strings[Int(id)]] = add(members) }
        return out
    }

    static func position(_ field: Dimensions.Field) -> Int { fields.firstIndex(of: field)! }

    func select(_ fixed: [Dimensions.Field: Set<String>]) -> [Int] {
        var selected = Array(cells.indices)
        for (field, allowed) in fixed {
            var ok = [Bool](repeating: false, count: strings.count)
            for (i, s) in strings.enumerated() where allowed.contains(s) { ok[i] = true }
            let column = ids[Marginal.position(field)]
            selected = selected.filter { ok[Int(column[$0])] }
        }
        guard let total else { return selected }
        for (f, field) in Marginal.fields.enumerated() where fixed[field] == nil {
            let column = ids[f]
            if selected.contains(where: { column[$0] == total }) {
                selected = selected.filter { column[$0] == total }
            }
        }
        return selected
    }

    func add(_ indices: [Int]) -> Amount {
        var sum = 0.0, cents: Int64 = 0
        var status = ObsStatus.normal
        var missingStatus: ObsStatus?
        for i in indices {
            let cell = cells[i]
            if cell.missing { missingStatus = missingStatus ?? cell.status; continue }
            sum += cell.value
            cents += cell.cents
            status = ObsStatus.worst(status, cell.status)
        }
        if let missingStatus { return .missing(missingStatus.isMissing ? missingStatus : .missing) }
        return Amount(value: sum + Double(cents) / 100, status: status)
    }

    /// The distinct values a breakdown takes in the table.
    public func values(of field: Dimensions.Field) -> Set<String> {
        Set(Set(ids[Marginal.position(field)]).map { strings[Int($0)] })
    }
}
