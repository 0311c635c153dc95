import EMPCore

/// Each observation's cell as small integers, for the checks that group every row once per
/// breakdown (`ConsistencyCheck`): each text is hashed once here, so a grouping key is ten
/// words instead of a dozen strings hashed again for each of the eight breakdowns.
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

    private struct Base: Hashable {
        var domain: Domain
        var refArea: String
        var year: Int
        var direction: Direction?
        var currency: String?
        var measure: String?
        var period: String?
    }

    init(_ obs: [Observation]) {
        var bases: [Base: Int32] = [:]
        var codes: [String: Int32] = ["_T": 0]
        keys.reserveCapacity(obs.count)
        // Neighbouring rows mostly share a breakdown's code: compared, not hashed again.
        var last = [String](repeating: "_T", count: 8), lastID = SIMD8<Int32>()
        let fields = Dimensions.Field.allCases
        bases.reserveCapacity(obs.count / 4)
        var lastBase: Base?, lastBaseID: Int32 = 0
        for o in obs {
            let base = Base(
                domain: o.domain, refArea: o.refArea, year: o.year, direction: o.direction, currency: o.currency,
                measure: o.measure, period: o.period)
            // Neighbouring rows mostly share it too (a wide row's cells, a country's years).
            let b: Int32
            if base == lastBase {
                b = lastBaseID
            } else {
                b =
                    bases[base]
                    ?? {
                        let id = Int32(bases.count); bases[base] = id; return id
                    }()
                (lastBase, lastBaseID) = (base, b)
            }
            var dims = SIMD8<Int32>()
            for (slot, field) in fields.enumerated() {
                let text = o.dims[field]
                if text == last[slot] {
                    dims[slot] = lastID[slot]
                    continue
                }
                let id =
                    codes[text]
                    ?? {
                        let id = Int32(codes.count); codes[text] = id; return id
                    }()
                dims[slot] = id
                (last[slot], lastID[slot]) = (text, id)
            }
            keys.append(Key(base: b, dims: dims))
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
