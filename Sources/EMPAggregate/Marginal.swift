import EMPCore

/// Sums a table over the breakdowns a question does not ask about. For each other breakdown
/// the `_T` cells are used when the table has them, else its categories are added up: a file
/// that reports totals is not double counted, and one that reports only categories still
/// gives its total.
///
/// Codes are interned once per table as small ids, so comparing and filtering cells never
/// touches a string.
public struct Marginal {
    /// The table's distinct codes; a code's id is its index.
    let strings: [String]
    /// Per breakdown field (in `Dimensions.Field` order), the code id of each cell.
    let ids: [[UInt16]]
    let cells: [Cell]
    /// The id of `_T`.
    let total: UInt16

    static let fields = Dimensions.Field.allCases

    /// Cells already coded: `strings[0]` must be `_T`; cells hold whole cents only.
    init(strings: [String], ids: [[UInt16]], cells: [Cell]) {
        self.strings = strings
        self.ids = ids
        self.cells = cells
        total = 0
    }

    public init(_ table: [Dimensions: Cell]) { self.init(entries: table.map { ($0.key, $0.value) }) }

    public init(entries: [(Dimensions, Cell)]) {
        var index: [String: UInt16] = ["_T": 0]
        var names = ["_T"]
        var columns = [[UInt16]](repeating: [], count: Marginal.fields.count)
        for f in columns.indices { columns[f].reserveCapacity(entries.count) }
        for (dims, _) in entries {
            for (f, field) in Marginal.fields.enumerated() {
                let s = dims[field]
                if s == "_T" { columns[f].append(0); continue }
                if let id = index[s] { columns[f].append(id); continue }
                index[s] = UInt16(names.count)
                columns[f].append(UInt16(names.count))
                names.append(s)
            }
        }
        var cells = entries.map(\.1)
        // Sums of whole cents come out the same in any order; sums of decimal values (from
        // aggregate files) are added in the order of the sorted codes, so runs agree.
        if cells.contains(where: { $0.value != 0 || $0.missing }) {
            let sorted = names.indices.sorted { names[$0] < names[$1] }
            var rank = [UInt16](repeating: 0, count: names.count)
            for (r, old) in sorted.enumerated() { rank[old] = UInt16(r) }
            for f in columns.indices { columns[f] = columns[f].map { rank[Int($0)] } }
            let order = cells.indices.sorted { a, b in
                for f in columns.indices where columns[f][a] != columns[f][b] { return columns[f][a] < columns[f][b] }
                return false
            }
            columns = columns.map { c in order.map { c[$0] } }
            cells = order.map { cells[$0] }
            names = sorted.map { names[$0] }
        }
        strings = names
        ids = columns
        self.cells = cells
        total = UInt16(names.firstIndex(of: "_T")!)
    }

    /// The amount for cells whose breakdowns lie in the given sets. nil when no cell matches.
    public func sum(_ fixed: [Dimensions.Field: Set<String>] = [:]) -> Amount? {
        let selected = select(fixed)
        return selected.isEmpty ? nil : add(selected)
    }

    /// The microdata records behind what `sum` adds for the same question: each cell counts
    /// its contributions, which for microdata are its records (disclosure control reads it
    /// only for tables microdata fed).
    public func records(_ fixed: [Dimensions.Field: Set<String>] = [:]) -> Int {
        select(fixed).reduce(0) { $0 + cells[$1].contributions }
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
            selected.removeAll { !ok[Int(column[$0])] }
        }
        for (f, field) in Marginal.fields.enumerated() where fixed[field] == nil {
            let column = ids[f]
            if selected.contains(where: { column[$0] == total }) {
                selected.removeAll { column[$0] != total }
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

    /// The distinct values `field` takes in the cells whose `other` breakdown is in `allowed`
    /// (the ages of the cells with a known education).
    public func values(
        of field: Dimensions.Field, where other: Dimensions.Field, in allowed: Set<String>
    ) -> Set<String> {
        let f = ids[Marginal.position(field)], o = ids[Marginal.position(other)]
        var out = Set<String>()
        for i in cells.indices where allowed.contains(strings[Int(o[i])]) { out.insert(strings[Int(f[i])]) }
        return out
    }

    /// The distinct values a breakdown takes in the table.
    public func values(of field: Dimensions.Field) -> Set<String> {
        Set(Set(ids[Marginal.position(field)]).map { strings[Int($0)] })
    }
}
