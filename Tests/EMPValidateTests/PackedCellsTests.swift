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
}
