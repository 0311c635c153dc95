import EMPCore
import Testing

@testable import EMPValidate

/// Issue 15: held rows keep their cells packed, a wide line's identifying cells once for all
/// its period cells. A rejected row's quarantine record reads them back: each row's own cells,
/// exactly, whatever it shares and wherever its chunk ends.
@Suite struct PackedCellsTests {
    @Test func everyRowReadsBackItsOwnCells() {
        var packed = PackedCells()
        var rows: [[[UInt8]]] = []
        let note = [UInt8](repeating: 0x6E, count: 300)
        for line in 0..<20_000 {
            let ids: [[UInt8]] = [Array("Country \(line / 7)".utf8), Array("C\(line % 13)".utf8), note]
            for period in 0..<4 {
                // Shares 3 cells with the line's first cell, or none (a new line), or 1 (not worth it).
                var row = ids + [Array("\(1990 + 5 * period)".utf8), Array("\(line * period)".utf8)]
                if line % 97 == 0 { row[1] = [0xFF, 0x00, 0x41] }
                if line % 101 == 0 && period == 2 { row = [ids[0], []] }
                rows.append(row)
            }
        }
        // A row larger than a chunk has one of its own.
        rows.append([[UInt8](repeating: 0x41, count: 3 << 20), Array("x".utf8)])
        rows.append(rows[0])
        let places = rows.map { packed.add($0) }
        for (row, place) in zip(rows, places) {
            #expect(packed.strings(at: place) == row.map { String(decoding: $0, as: UTF8.self) })
        }
        #expect(Set(places).count == places.count)
        // Line 1's second cell, which shares its first three cells with the line's first.
        #expect(packed.strings(at: places[5]) == ["Country 0", "C1", String(repeating: "n", count: 300), "1995", "1"])
    }

    /// A reader going in order lets go of the chunks behind it (`drop(before:)`): every row
    /// from there on still reads back its own cells, also rows sharing one base across chunks.
    @Test func rowsAheadOfADropReadBackTheirCells() {
        var packed = PackedCells()
        var rows: [[[UInt8]]] = []
        let note = [UInt8](repeating: 0x6E, count: 200)
        // 30,000 rows sharing a first row's three cells (one country's long run), then new lines.
        for n in 0..<30_000 { rows.append([Array("AAA".utf8), Array("BBB".utf8), note, Array("\(n)".utf8)]) }
        for line in 0..<10_000 { rows.append([Array("L\(line)".utf8), Array("x".utf8), note, Array("1".utf8)]) }
        let places = rows.map { packed.add($0) }
        for (i, place) in places.enumerated() {
            if i % 1_000 == 0 { packed.drop(before: place) }
            #expect(packed.strings(at: place) == rows[i].map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// `ChunkedArray.dropChunks`: the places after the dropped chunks keep their values and
    /// numbers; the count stays.
    @Test func chunksLetGoKeepThePlacesAfterThem() {
        var array = ChunkedArray<Int>()
        for i in 0..<50_000 { array.append(i * 3) }
        #expect(array.endsChunk(at: 8_191) && !array.endsChunk(at: 8_192))
        array.dropChunks(through: 20_000)
        #expect(array.count == 50_000)
        #expect((24_576..<50_000).allSatisfy { array[$0] == $0 * 3 })
    }
}
