import EMPCore
import Testing

/// Issue 13, point 8: one origin × destination matrix read both sides (`both_sides: true`), and
/// several residual columns summed into one `_O`. The matrix is UN DESA-like, made up:
/// destinations down, origins across, a Total column, a region (Europe) as a row and a column,
/// two residual columns, and a World row whose ESP cell (75) is not the sum of its column (70).
@Suite struct MatrixSidesTests {
    static let desa = """
        dest,Total,Europe,FRA,ITA,ESP,Other North,Other South
        FRA,100,80,,30,50,15,5
        ITA,70,60,40,,20,4,6
        ESP,90,85,60,25,,2,3
        Europe,260,225,100,55,70,21,14
        World,260,225,100,55,75,21,14

        """

    static func block(bothSides: Bool = true) -> String {
        """
        domain: stocks
        layout: { kind: matrix, row_labels: dest, columns_name: origin, totals: [Total, World]\
        \(bothSides ? ", both_sides: true" : "") }
        columns: { ref_area: dest, partner: origin }
        values: { partner: { Other North: _O, Other South: _O } }
        constants: { direction: IN, time_period: "2020" }
        """
    }

    /// The second source that reading both sides replaces: the columns' countries as ref_area,
    /// OUT; the residual columns left out (they are no country).
    static let swapped = """
        domain: stocks
        layout: { kind: matrix, row_labels: dest, columns_name: origin, totals: [Total, World] }
        columns: { ref_area: origin, partner: dest }
        exclude: { origin: [Other North, Other South] }
        constants: { direction: OUT, time_period: "2020" }
        """

    func find(_ run: IngestRun, _ area: String, _ direction: Direction, _ partner: String = "_T") -> Observation? {
        run.accepted.first { $0.refArea == area && $0.direction == direction && $0.dims.partner == partner }
    }

    @Test func eachCellAlsoGivesItsMirror() throws {
        let run = try ingest(Self.block(), Self.desa)
        #expect(run.report.status == .ok)
        // Immigrants of the row countries: the Total column, IN.
        #expect(find(run, "FRA", .inbound)?.value == 100)
        #expect(find(run, "ESP", .inbound)?.value == 90)
        #expect(find(run, "FRA", .inbound, "ESP")?.value == 50, "50 born in Spain live in France")
        // The mirror: emigrants of the column countries, OUT, the same cell seen from the origin.
        #expect(find(run, "ESP", .outbound, "FRA")?.value == 50, "50 Spanish emigrants live in France")
        #expect(find(run, "FRA", .outbound, "ESP")?.value == 60)
        #expect(find(run, "ESP", .outbound, "FRA")?.line == 2, "the mirror keeps the cell's line")
        // The World row is the column countries' emigrant totals.
        #expect(find(run, "FRA", .outbound)?.value == 100, "40 + 60")
        #expect(find(run, "ITA", .outbound)?.value == 55, "30 + 25")
        #expect(find(run, "ESP", .outbound) == nil, "75 is not 50 + 20: quarantined")
        // Residual columns are IN only: no country has them as its ref_area.
        #expect(run.accepted.filter { $0.dims.partner == "_O" }.count == 6)
        #expect(!run.accepted.contains { $0.refArea == "_O" || $0.refArea == "_T" })
        #expect(!run.accepted.contains { $0.line == 5 }, "Europe, a region, is filtered on both sides")
    }

    @Test func theColumnTotalIsCheckedLikeARowTotal() throws {
        let run = try ingest(Self.block(), Self.desa)
        let mismatch = run.diagnostics(.totalMismatch)
        #expect(mismatch.count == 1)
        #expect(mismatch.first?.line == 6 && mismatch.first?.value == "75")
        #expect(mismatch.first?.message.contains("differs from the sum of its categories 70 (lines 2, 3)") == true)
        #expect(run.quarantineRows.dropFirst().map { $0.suffix(3) } == [["_T", "ESP", "75"]])
    }

    /// 35 cells: each accepted, quarantined or filtered once; a mirror is no row read.
    @Test func theAccountingCountsCellsNotRecords() throws {
        let run = try ingest(Self.block(), Self.desa)
        let r = run.report
        #expect(r.rowsRead == 5 * 7)
        #expect(r.accepted == 3 * 5 + 2, "3 rows × (Total, 2 partners, 2 residuals) + World's FRA and ITA")
        #expect(r.quarantined == 1)
        #expect(r.filtered == 17)
        #expect(r.mirrored == 6, "the 6 country-to-country cells")
        #expect(run.accepted.count == 17 + 6)
        #expect(r.filteredByReason["ref_area is an aggregate, not a country (UN M49 region)"] == 7)
        #expect(r.filteredByReason["partner is an aggregate, not a country (UN M49 region)"] == 4)
        #expect(r.filteredByReason["matrix diagonal: 'FRA' to itself, no value"] == 1)
        #expect(
            r.filteredByReason["matrix total on ref_area against partner _O: no country on either side"] == 2,
            "World × Other North, World × Other South")
        #expect(r.filteredByReason["matrix total on ref_area ('World'): a sum over countries, not a country"] == 1)
    }

    /// The same cells as two sources on the same file: IN, and ref_area and partner swapped with OUT
    /// (the residual columns excluded: they are no country of residence).
    @Test func oneSourceEqualsTwoSources() throws {
        func key(_ o: Observation) -> String { "\(o.refArea) \(o.direction!.rawValue) \(o.dims.partner) \(o.year)" }
        func cells(_ runs: [IngestRun]) -> [String: [Double?]] {
            Dictionary(grouping: runs.flatMap(\.accepted), by: key).mapValues { $0.map(\.value) }
        }
        let one = try ingest(Self.block(), Self.desa)
        let inbound = try ingest(Self.block(bothSides: false), Self.desa)
        let outbound = try ingest(Self.swapped, Self.desa)
        #expect(outbound.report.status == .ok, "\(outbound.report.diagnostics.map(\.message))")
        #expect(cells([one]) == cells([inbound, outbound]))
        #expect(one.report.quarantined == inbound.report.quarantined + outbound.report.quarantined)
    }

    /// A repeated row is a duplicate on both sides, yet each of its cells is quarantined once.
    @Test func aCellIsQuarantinedOnce() throws {
        let csv = Self.desa.replacingOccurrences(of: "Europe,260", with: "ITA,70,60,40,,20,4,6\nEurope,260")
        let run = try ingest(Self.block(), csv)
        #expect(run.report.rowsRead == 6 * 7)
        #expect(run.report.quarantined == 1 + 5, "the ESP total and the repeated row's 5 cells")
        #expect(run.quarantineRows.count == 1 + 6, "one quarantine record per cell")
        #expect(run.diagnostics(.duplicateCell).count == 5, "one per cell, not one per side")
        #expect(run.report.mirrored == 6, "the repeated row's mirrors went with it")
        // A cell that cannot be read is quarantined before it is mirrored.
        let bad = try ingest(Self.block(), Self.desa.replacingOccurrences(of: "FRA,100,80,,30", with: "FRA,100,80,,x"))
        #expect(bad.diagnostics(.notANumber).count == 1)
        #expect(find(bad, "FRA", .inbound, "ITA") == nil && find(bad, "ITA", .outbound, "FRA") == nil)
        // Its two totals then lack it: FRA's row total (IN) and ITA's column total (OUT) mismatch.
        #expect(bad.report.quarantined == 4 && bad.report.mirrored == 5, "the bad cell, 3 totals")
        #expect(bad.diagnostics(.totalMismatch).map(\.line) == [2, 6, 6])
    }

    /// Destinations across the columns (the census matrix, a real file): the Total column is
    /// then the row (origin) countries' emigrant totals.
    @Test func destinationsAcrossTheColumns() throws {
        let run = try ingest(
            """
            domain: stocks
            layout: { kind: matrix, row_labels: origin, columns_name: residence, totals: [Total], both_sides: true }
            columns: { ref_area: residence, partner: origin }
            constants: { direction: IN, time_period: "2011" }
            """, realFile("eu-bilateral-migrant-stocks/census-2011-matrix-slice.csv"))
        #expect(run.report.quarantined == 0)
        #expect(find(run, "AUT", .inbound)?.value == 43669, "the Total row")
        #expect(find(run, "AUT", .outbound)?.value == 4005, "the Total column: 128 + 3877")
        #expect(find(run, "HRV", .outbound)?.value == 30593)
        #expect(find(run, "AUT", .outbound, "BGR")?.value == 128, "born in Austria, living in Bulgaria")
        #expect(find(run, "BGR", .inbound, "AUT")?.value == 128)
        #expect(run.report.filtered == 3 + 1, "3 empty diagonal cells and the total of totals")
        #expect(run.report.mirrored == 6)
    }

    /// Two residual columns mapped to `_O` (and two to `_U`) are parts of one cell: before,
    /// the second was a conflicting cell and the row total then a mismatch.
    @Test func residualColumnsAddUp() throws {
        let csv = "dest,Total,FRA,Other North,Other South,Unknown A,Unknown B\nDEU,100,50,20,10,15,5\n"
        let run = try ingest(
            """
            domain: stocks
            layout: { kind: matrix, row_labels: dest, columns_name: origin, totals: [Total] }
            columns: { ref_area: dest, partner: origin }
            values: { partner: { Other North: _O, Other South: _O, Unknown A: _U, Unknown B: _U } }
            constants: { direction: IN, time_period: "2020" }
            """, csv)
        #expect(run.report.quarantined == 0, "\(run.rules)")
        #expect(run.rules.isEmpty, "the Total (100) is 50 + 20 + 10 + 15 + 5")
        #expect(run.accepted.filter { $0.dims.partner == "_O" }.compactMap(\.value) == [20, 10])
        #expect(run.accepted.filter { $0.dims.partner == "_U" }.compactMap(\.value) == [15, 5])
    }

    /// The same residual label twice (residual rows, origins down) is still the same cell twice.
    @Test func aRepeatedResidualLabelIsADuplicate() throws {
        let csv = "origin,DEU\nFRA,50\nOther,20\nOther,20\nElsewhere,10\n"
        let run = try ingest(
            """
            domain: stocks
            layout: { kind: matrix, row_labels: origin, columns_name: dest }
            columns: { ref_area: dest, partner: origin }
            values: { partner: { Other: _O, Elsewhere: _O } }
            constants: { direction: IN, time_period: "2020" }
            """, csv)
        #expect(run.diagnostics(.duplicateCell).map(\.line) == [4])
        #expect(run.accepted.filter { $0.dims.partner == "_O" }.compactMap(\.value) == [20, 10])
    }
}
