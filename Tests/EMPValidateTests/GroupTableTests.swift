import Testing

@testable import EMPValidate

/// The consistency checks' group ids: dense, stable across growth, one per key and extra; rows
/// per group in the order they came.
@Suite struct GroupTableTests {
    func key(_ base: Int32, _ lane: Int32) -> CellIDs.Key {
        var dims = SIMD8<Int32>()
        dims[lane % 8 == 0 ? 1 : Int(lane % 8)] = lane
        return CellIDs.Key(base: base, dims: dims)
    }

    @Test func everyKeyGetsOneDenseIdThroughGrowth() {
        var table = GroupTable(expected: 4)
        var ids: [Int32] = []
        for b in 0..<100 as Range<Int32> {
            for lane in 0..<50 as Range<Int32> {
                let (id, new) = table.id(key(b, lane))
                #expect(new && id == Int32(ids.count))
                ids.append(id)
            }
        }
        #expect(table.count == 5000)
        // Looked up again after the table grew many times: the same ids, nothing new.
        for b in 0..<100 as Range<Int32> {
            for lane in 0..<50 as Range<Int32> {
                let (id, new) = table.id(key(b, lane))
                #expect(!new && id == b * 50 + lane)
            }
        }
        // The extra id (a residual label) tells keys apart.
        #expect(table.id(key(0, 0), extra: 1) == (5000, true))
        #expect(table.id(key(0, 0), extra: 0) == (0, false))
    }

    @Test func rowsComeBackPerGroupInTheOrderAdded() {
        var chains = GroupChains(rows: 10)
        for _ in 0..<3 { chains.addGroup() }
        for (row, group) in [(4, 1), (0, 0), (7, 1), (2, 2), (9, 1), (3, 0)] { chains.append(row, to: Int32(group)) }
        #expect(chains.rows(0) == [0, 3] && chains.rows(1) == [4, 7, 9] && chains.rows(2) == [2])
    }
}
