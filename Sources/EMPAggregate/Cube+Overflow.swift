import EMPCore

/// Microdata weights are summed in exact cents in Int64; a sum beyond it must fail its
/// source, never wrap (one thread) or trap (two threads: the halves are joined with `+`),
/// whichever way the file was read. A group's sum bounds every cell it feeds (weights are
/// positive), so the groups are what is checked: the store's totals as records are added, the
/// cells of the general path as they are added, and the two together here.
extension Cube {
    /// Adds cents to a cell of the general path, noting (not trapping on) a sum beyond Int64.
    func add(cents: Int64, to cell: inout Cell, _ key: TableKey) {
        let (sum, overflow) = cell.cents.addingReportingOverflow(cents)
        cell.cents = sum
        if overflow, let direction = key.direction {
            cellOverflows.insert(MicrodataStore.GroupKey(refArea: key.refArea, year: key.year, direction: direction))
        }
    }

    /// The first (by country, year, direction) group whose weights sum beyond Int64 cents;
    /// nil when every sum is exact. The same on one thread or two: a group is named exactly
    /// when its weights, all of them, sum beyond the range.
    public var centsOverflow: MicrodataStore.GroupKey? {
        var lost = cellOverflows.union(micro.overflowed)
        for key in otherRecords.keys where !lost.contains(key) && !Cube.fits(generalCents(key), micro: micro, key) {
            lost.insert(key)
        }
        return lost.min { ($0.refArea, $0.year, $0.direction.rawValue) < ($1.refArea, $1.year, $1.direction.rawValue) }
    }

    /// The cents of a group's records of the general path: each is in exactly one cell of its
    /// flow table (nil when they sum beyond Int64).
    func generalCents(_ key: MicrodataStore.GroupKey) -> Int64? {
        let flow = TableKey(
            domain: key.direction == .inbound ? .inflows : .outflows, refArea: key.refArea, year: key.year,
            direction: key.direction)
        var total: Int64 = 0
        for cell in (tables[flow] ?? [:]).values {
            let (sum, overflow) = total.addingReportingOverflow(cell.cents)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    static func fits(_ general: Int64?, micro: MicrodataStore, _ key: MicrodataStore.GroupKey) -> Bool {
        guard let general else { return false }
        let stored = micro.group(key).map { micro.total(group: $0) } ?? 0
        return !stored.addingReportingOverflow(general).overflow
    }
}
