import Foundation
import GRDB
import Testing

/// Issue 13, point 8, on the built binary: a UN DESA-like matrix (Fixtures/matrix/desa.csv,
/// made up: destinations FRA, ITA, ESP down, the same origins across with a Total column, a
/// region and two residual columns, a World row) read once for both sides (both.yml) gives
/// immigrants of the row countries and emigrants of the column countries, exactly what two
/// sources on the same file give (two.yml: IN, then ref_area and partner swapped and OUT).
@Suite struct MatrixBothSidesTests {
    typealias Release = IngestFidelityTests.Release

    /// `emp run <pipeline>.yml` in a fresh copy of the fixtures, `csv` and `yaml` editing them first.
    func run(
        _ pipeline: String, csv: (String) -> String = { $0 }, yaml: (String) -> String = { $0 }
    ) throws -> Release {
        let dir = try fixtureCopy("matrix")
        let data = "\(dir)/desa.csv", file = "\(dir)/\(pipeline).yml"
        try csv(read(data)).write(toFile: data, atomically: true, encoding: .utf8)
        try yaml(read(file)).write(toFile: file, atomically: true, encoding: .utf8)
        let exec = try emp(["run", "\(pipeline).yml", "--output", "out"], cwd: dir)
        return Release(exec: exec, folder: "\(dir)/out")
    }

    /// `ref_area partner value` of the store's observations in one direction, countries only.
    func corridors(_ r: Release, _ direction: String) throws -> [String] {
        let store = try StoreRouting.store(beside: r.folder)
        var lines: [String] = []
        for batch in try store.currentBatches().values.sorted(by: { $0.id < $1.id }) {
            try store.observations(batch: batch.id, countries: nil) { o in
                guard o.direction?.rawValue == direction, !["_T", "_O"].contains(o.dims.partner), let v = o.value
                else { return }
                lines.append("\(o.refArea) \(o.dims.partner) \(Int(v))")
            }
        }
        return lines.sorted()
    }

    @Test func oneMatrixGivesImmigrantsAndEmigrants() throws {
        let r = try run("both")
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        // Immigrants of the row countries: the Total column.
        #expect(value(r.rows, "FRA", "imm_stock", "2020")! == ("100", "A"))
        #expect(value(r.rows, "ITA", "imm_stock", "2020")! == ("70", "A"))
        #expect(value(r.rows, "ESP", "imm_stock", "2020")! == ("90", "A"))
        // Emigrants of the column countries: the World row, checked against its column.
        #expect(value(r.rows, "FRA", "emi_stock", "2020")! == ("100", "A"), "World row: 40 + 60")
        #expect(value(r.rows, "ITA", "emi_stock", "2020")! == ("55", "A"), "World row: 30 + 25")
        #expect(value(r.rows, "ESP", "emi_stock", "2020")! == ("70", "A"), "World's 75 set aside: 50 + 20")
        #expect(value(r.rows, "FRA", "top_corridor_emi_stock", "2020", counterpart: "ESP")! == ("60", "A"))
        #expect(value(r.rows, "ESP", "top_corridor_emi_stock_share", "2020", counterpart: "FRA")! == ("71.428571", "A"))
        // Both sides of every corridor, as the release keeps them.
        #expect(
            try corridors(r, "IN") == [
                "ESP FRA 60", "ESP ITA 25", "FRA ESP 50", "FRA ITA 30", "ITA ESP 20", "ITA FRA 40",
            ])
        #expect(
            try corridors(r, "OUT") == [
                "ESP FRA 50", "ESP ITA 20", "FRA ESP 60", "FRA ITA 40", "ITA ESP 25", "ITA FRA 30",
            ])
    }

    @Test func aColumnTotalThatIsNotItsSumIsReported() throws {
        let r = try run("both")
        let d = r.diagnostics("desa")
        #expect(d.count == 1)
        #expect(d.first?["rule"] as? String == "total-mismatch" && d.first?["line"] as? Int == 6)
        #expect(
            (d.first?["message"] as? String)?.contains("total 75 differs from the sum of its categories 70") == true)
        #expect(
            r.quarantine("desa").map { [$0["_line"], $0["dest"], $0["origin"], $0["OBS_VALUE"]] } == [
                ["6", "_T", "ESP", "75"]
            ])
    }

    /// 35 cells, each accepted, quarantined or filtered once; the 6 mirrors are records, not rows.
    @Test func theAccountingIsExact() throws {
        let s = try run("both").source("desa")
        #expect(s["rows_read"] as? Int == 35)
        #expect(s["accepted"] as? Int == 17 && s["quarantined"] as? Int == 1 && s["filtered"] as? Int == 17)
        #expect(s["mirrored"] as? Int == 6)
        #expect(s["reconciles"] as? Bool == true)
    }

    @Test func oneSourceEqualsTwoSources() throws {
        let one = try run("both"), two = try run("two")
        #expect(two.exec.status == 0, "\(two.exec.stderr)")
        for file in [
            "indicators.csv", "indicators_wide.csv", "sdmx/data.csv", "sdg/data.csv", "profiles/FRA.json",
            "profiles/ITA.json", "profiles/ESP.json",
        ] {
            #expect(read("\(one.folder)/\(file)") == read("\(two.folder)/\(file)"), "\(file)")
        }
        #expect(one.rows.count == 27, "21 stocks and corridors, 6 partner concentrations (issue 14)")
    }

    /// Without the Total column the immigrant stocks are summed from the cells: the two `_O`
    /// columns add up (before, the second was a conflicting cell). One missing makes the sum missing.
    @Test func twoResidualColumnsAddUp() throws {
        func dropTotal(_ csv: String) -> String {
            csv.split(separator: "\n").map { line in
                var cells = line.split(separator: ",", omittingEmptySubsequences: false)
                cells.remove(at: 1)
                return cells.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
        }
        let r = try run("both", csv: dropTotal)
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        #expect(r.diagnostics("desa").map { $0["rule"] as? String } == ["total-mismatch"], "the ESP column total only")
        #expect(value(r.rows, "FRA", "imm_stock", "2020")! == ("100", "A"), "30 + 50 + 15 + 5")
        #expect(value(r.rows, "ESP", "imm_stock", "2020")! == ("90", "A"), "60 + 25 + 2 + 3")
        let missing = try run(
            "both", csv: { dropTotal($0).replacingOccurrences(of: "ESP,85,60,25,,2,3", with: "ESP,85,60,25,,2,..") },
            yaml: {
                $0.replacingOccurrences(of: "    path: desa.csv\n", with: "    path: desa.csv\n    missing: [\"..\"]\n")
            })
        #expect(missing.exec.status == 0, "\(missing.exec.stderr)")
        #expect(value(missing.rows, "ESP", "imm_stock", "2020") == nil, "Other South is missing: so is the sum")
        #expect(
            missing.diagnostics("desa").contains { $0["rule"] as? String == "missing-part" && $0["line"] as? Int == 4 })
        #expect(value(missing.rows, "FRA", "imm_stock", "2020")! == ("100", "A"))
    }
}
