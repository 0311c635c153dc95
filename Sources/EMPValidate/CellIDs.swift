import EMPCore

/// Each observation's cell as small integers, for the checks that group every row once per
/// breakdown (`ConsistencyCheck`): the table numbered each text once, so a grouping key is
/// nine words instead of a dozen strings hashed again for each of the eight breakdowns.
struct CellIDs {
    /// A cell: everything but the breakdowns (domain, area, year, direction, currency,
    /// measure, period) as one id, and each breakdown's code as an id.
    struct Key: Hashable {
        var base: Int32
        var dims: SIMD8<Int32>
    }

    /// Per observation, in order.
    private(set) var keys: [Key] = []
    /// The id of `_T` (a total over the breakdown).
    let total: Int32 = 0
    /// Stands in for one breakdown in a grouping key (`*`: any category of it); no code has it.
    static let any: Int32 = -1

    /// Everything of a cell but its breakdowns, as the table numbers it (the unit is no part
    /// of the cell: the same cell in two units is the same cell twice).
    private struct Base: Hashable {
        var domain: UInt8
        var direction: UInt8
        var refArea: Int32
        var currency: Int32
        var measure: Int32
        var period: Int32
        var year: Int
    }

    /// The table numbers each text once, `_T` as 0: a breakdown's code is its number.
    init(_ table: ObservationTable) {
        var bases: [Base: Int32] = [:]
        bases.reserveCapacity(table.count / 4)
        keys.reserveCapacity(table.count)
        var lastBase: Base?, lastBaseID: Int32 = 0
        for (i, r) in table.rows.enumerated() {
            let (domain, direction) = table.codes(i)
            let base = Base(
                domain: domain, direction: direction, refArea: r.refArea, currency: r.currency, measure: r.measure,
                period: r.period, year: r.year)
            // Neighbouring rows mostly share it (a wide row's cells, a country's years).
            if base != lastBase {
                lastBaseID =
                    bases[base]
                    ?? {
                        let id = Int32(bases.count); bases[base] = id; return id
                    }()
                lastBase = base
            }
            let d = r.dims
            keys.append(Key(base: lastBaseID, dims: SIMD8(d.0, d.1, d.2, d.3, d.4, d.5, d.6, d.7)))
        }
    }

    /// The cell of observation `i` with breakdown `slot` left open: the key of the group of
    /// its total and categories over that breakdown.
    func group(_ i: Int, over slot: Int) -> Key {
        var key = keys[i]
        key.dims[slot] = CellIDs.any
        return key
    }

    /// Whether observation `i` is the total (`_T`) of breakdown `slot`.
    func isTotal(_ i: Int, _ slot: Int) -> Bool { keys[i].dims[slot] == total }
}
