/// Dense group ids for cell keys (`CellIDs.Key` and one more id), by open addressing with a
/// multiply–xor hash: the consistency checks look a key up once per row and breakdown, and
/// Swift's seeded SipHash over ten words was a tenth of a validation's time.
struct GroupTable {
    private var slots: [Int32]
    private var keys: [CellIDs.Key] = []
    private var extras: [Int32] = []
    private var mask: Int

    /// Room for `expected` groups without growing.
    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        keys.reserveCapacity(expected)
        extras.reserveCapacity(expected)
    }

    var count: Int { keys.count }

    /// The group of `key` (with `extra`, e.g. a residual label's id): its id, and whether it is new.
    mutating func id(_ key: CellIDs.Key, extra: Int32 = 0) -> (id: Int32, new: Bool) {
        var at = GroupTable.hash(key, extra) & mask
        while true {
            let found = slots[at]
            if found < 0 { break }
            if keys[Int(found)] == key && extras[Int(found)] == extra { return (found, false) }
            at = (at + 1) & mask
        }
        let id = Int32(keys.count)
        slots[at] = id
        keys.append(key)
        extras.append(extra)
        if keys.count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (id, key) in keys.enumerated() {
            var at = GroupTable.hash(key, extras[id]) & mask
            while slots[at] >= 0 { at = (at + 1) & mask }
            slots[at] = Int32(id)
        }
    }

    static func hash(_ key: CellIDs.Key, _ extra: Int32) -> Int {
        var h = UInt64(UInt32(bitPattern: key.base)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(UInt32(bitPattern: extra))
        for lane in 0..<8 {
            h = (h ^ UInt64(UInt32(bitPattern: key.dims[lane]))) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
        }
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }
}

/// Rows gathered per group in the order they come, without an array per group: each group's
/// first and last row, and each row's next in its group.
struct GroupChains {
    private(set) var first: [Int32] = []
    private var last: [Int32] = []
    private var next: [Int32]

    init(rows: Int) { next = [Int32](repeating: -1, count: rows) }

    /// Adds an empty group (ids are given in order: 0, 1, …).
    mutating func addGroup() {
        first.append(-1)
        last.append(-1)
    }

    mutating func append(_ row: Int, to group: Int32) {
        let g = Int(group)
        if last[g] < 0 { first[g] = Int32(row) } else { next[Int(last[g])] = Int32(row) }
        last[g] = Int32(row)
    }

    /// The rows of `group`, in the order they were added.
    func rows(_ group: Int) -> [Int] {
        var out: [Int] = []
        var at = first[group]
        while at >= 0 {
            out.append(Int(at))
            at = next[Int(at)]
        }
        return out
    }
}
