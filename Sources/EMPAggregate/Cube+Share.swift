import EMPCore

/// One source's share of a cube. Each source is read into a cube of its own; a run adds the
/// shares together with `merge` in source order, which gives the same sums as adding every
/// observation to one cube. The store keeps a microdata source's share as a `MicrodataShare`
/// (its summed blocks, not its records) and restores it with `init(share:)`.
extension Cube {
    /// Adds another cube's content; `countries`: only these reporting countries (nil: all).
    public func merge(_ other: Cube, countries: Set<String>? = nil) {
        precondition(!isSealed, "a sealed cube is read-only")
        func keep(_ area: String) -> Bool { countries?.contains(area) ?? true }
        for (key, cells) in other.tables where keep(key.refArea) {
            for (dims, cell) in cells { mergeCell(key, dims, cell) }
        }
        for (domain, areas) in other.reference {
            for (area, years) in areas where keep(area) {
                for (year, amount) in years { reference[domain, default: [:]][area, default: [:]][year] = amount }
            }
        }
        for (key, n) in other.otherRecords where keep(key.refArea) { otherRecords[key, default: 0] += n }
        cellOverflows.formUnion(other.cellOverflows.filter { keep($0.refArea) })
        absorb(other.micro, countries: countries)
        for (key, corridors) in other.costs where keep(key.refArea) {
            for (partner, cost) in corridors { costs[key, default: [:]][partner, default: CorridorCost()].add(cost) }
        }
    }

    /// Every reporting country the cube holds something for (reference series included).
    public var areas: Set<String> {
        var out = Set(allCoverage.keys)
        for areas in reference.values { out.formUnion(areas.keys) }
        // Reference tables (population by education) cover no year, but are the country's inputs.
        for key in tables.keys where key.domain.isReference { out.insert(key.refArea) }
        for key in otherRecords.keys { out.insert(key.refArea) }
        for key in costs.keys { out.insert(key.refArea) }
        return out
    }

    /// Adds a summed cell the way `addCell` adds an observation.
    func mergeCell(_ key: TableKey, _ dims: Dimensions, _ add: Cell) {
        if tables[key] == nil, !key.domain.isReference {
            coverage[key.refArea, default: [:]][key.year, default: []].insert(key.domain)
        }
        var cell = tables[key]?[dims] ?? Cell()
        cell.value += add.value
        if add.missing { cell.missing = true }
        self.add(cents: add.cents, to: &cell, key)
        cell.status = cell.contributions == 0 ? add.status : ObsStatus.worst(cell.status, add.status)
        cell.contributions += add.contributions
        tables[key, default: [:]][dims] = cell
    }

    /// What a microdata source's cube holds: the store's codes and blocks, the cells of records
    /// that took the general path, and those records' counts.
    public var microdataShare: MicrodataShare {
        MicrodataShare(
            codes: micro.codes,
            groups: micro.groups.enumerated().map { ($1, micro.block(group: $0)) },
            cells: tables.flatMap { key, cells in cells.map { (key, $0.key, $0.value) } },
            records: otherRecords.map { ($0.key, $0.value) })
    }

    /// A cube holding a kept microdata share; nil when the share does not fit this version's layout.
    public convenience init?(share: MicrodataShare) {
        self.init()
        guard micro.restore(codes: share.codes, groups: share.groups) else { return nil }
        for (key, dims, cell) in share.cells { mergeCell(key, dims, cell) }
        for (key, n) in share.records { otherRecords[key, default: 0] += n }
    }
}

public struct MicrodataShare {
    public var codes: [[String]]
    public var groups: [(MicrodataStore.GroupKey, [Int64])]
    public var cells: [(TableKey, Dimensions, Cell)]
    public var records: [(MicrodataStore.GroupKey, Int)]

    public init(
        codes: [[String]], groups: [(MicrodataStore.GroupKey, [Int64])], cells: [(TableKey, Dimensions, Cell)],
        records: [(MicrodataStore.GroupKey, Int)]
    ) {
        self.codes = codes
        self.groups = groups
        self.cells = cells
        self.records = records
    }
}
