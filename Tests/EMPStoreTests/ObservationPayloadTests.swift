import EMPCore
import Foundation
import Testing

@testable import EMPStoreSQLite

/// Issue 15: a measures batch is encoded from its table's numbers, each distinct text once
/// (`ObservationPayload.encode(_:digests:)`). It must keep the bytes and the country digests
/// the row-by-row way kept (`encode` of the observations, `CountryDigests.add` of
/// `digestFields`): a store made before reads the same, and no country counts as changed.
@Suite struct ObservationPayloadTests {
    /// Rows with every field's cases: none and some, repeated and new texts, a country's rows
    /// together and apart, missing values, negative and large numbers, flags, directions.
    static func rows() -> [Observation] {
        var out: [Observation] = []
        let areas = ["MDA", "MDA", "ITA", "MDA", "DEU", "DEU", "ÉTÉ"]
        for i in 0..<3_000 {
            var dims = Dimensions()
            dims.sex = ["_T", "F", "M"][i % 3]
            dims.partner = i % 5 == 0 ? "WLD" : "_T"
            dims.sector = i % 7 == 0 ? "B-E; \"quoted\"" : "_T"
            var o = Observation(
                domain: i % 11 == 0 ? .stocks : .measures, refArea: areas[i % areas.count],
                year: 1990 + i % 40 - (i == 7 ? 3000 : 0),
                direction: [nil, Direction.allCases.first, Direction.allCases.last][i % 3], dims: dims,
                value: i % 13 == 0 ? nil : Double(i) * (i % 2 == 0 ? 1.5 : -0.3) + (i == 9 ? 1e300 : 0),
                status: i % 17 == 0 ? .missing : .normal, currency: i % 19 == 0 ? "EUR" : nil, line: i + 2)
            o.measure = i % 4 == 0 ? nil : "employment_rate_\(i % 6)"
            o.unit = i % 3 == 0 ? nil : "PC"
            o.period = i % 23 == 0 ? "\(1990 + i % 40)-Q\(1 + i % 4)" : nil
            out.append(o)
        }
        return out
    }

    @Test func theTableEncodesTheBytesAndDigestsOfTheRows() throws {
        let rows = Self.rows()
        var oneByOne = CountryDigests()
        for o in rows { oneByOne.add(o.refArea, SQLiteStore.digestFields(o)) }
        let expected = ObservationPayload.encode(rows)

        var fromTable = CountryDigests()
        let kept = ObservationPayload.encode(ObservationTable(rows), digests: &fromTable)
        #expect(kept == expected)
        let digests = fromTable.finish()
        #expect(digests.map(\.0) == ["DEU", "ITA", "MDA", "ÉTÉ"])
        #expect(digests.map(\.1) == oneByOne.finish().map(\.1))

        // And it reads back as the rows it was made of.
        var back: [Observation] = []
        try ObservationPayload.decode(kept, batch: 1, status: { $0 == "O" ? .missing : .normal }) { back.append($0) }
        #expect(back.count == rows.count)
        for (a, b) in zip(back, rows) {
            #expect(a.cellKey == b.cellKey && a.line == b.line && a.unit == b.unit)
            #expect(a.value?.bitPattern == b.value?.bitPattern && a.status == b.status)
        }
    }

    /// A nightly run restores a cost file's corridors for the countries it computes: the rows
    /// naming one of them as reporting country or as partner, in file order, and no other.
    @Test func aPayloadReadForSomeCountriesGivesTheRowsNamingThemAtEitherEnd() throws {
        var rows = Self.rows()
        for i in rows.indices where i % 4 == 1 { rows[i].dims.partner = ["ITA", "FRA", "MDA"][i % 3] }
        let kept = ObservationPayload.encode(rows)
        let naming: Set<String> = ["ITA", "FRA"]
        var back: [Observation] = []
        try ObservationPayload.decode(kept, batch: 1, status: { $0 == "O" ? .missing : .normal }, naming: naming) {
            back.append($0)
        }
        let expected = rows.filter { naming.contains($0.refArea) || naming.contains($0.dims.partner) }
        #expect(back.count == expected.count)
        #expect(back.contains { $0.refArea == "MDA" && $0.dims.partner == "FRA" })
        #expect(!back.contains { $0.refArea == "MDA" && $0.dims.partner == "MDA" })
        #expect(zip(back, expected).allSatisfy { $0.line == $1.line && $0.cellKey == $1.cellKey })
    }

    @Test func anEmptyTableIsTheEmptyPayload() {
        var digests = CountryDigests()
        #expect(ObservationPayload.encode(ObservationTable(), digests: &digests) == ObservationPayload.encode([]))
        #expect(digests.finish().isEmpty)
    }
}
