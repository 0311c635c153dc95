import Foundation
import Testing

/// Issue 14, point 7, on the built binary: Fixtures/disclosure (a made-up survey with small
/// cells and an aggregate file) gives primary and secondary suppression worked out by hand,
/// nothing a reader could recompute, the quality report's counts, and plain sums when off.
@Suite struct DisclosureTests {
    typealias Release = IngestFidelityTests.Release

    func run(yaml: (String) -> String = { $0 }) throws -> Release {
        let dir = try fixtureCopy("disclosure")
        let file = "\(dir)/disclosure.yml"
        try yaml(read(file)).write(toFile: file, atomically: true, encoding: .utf8)
        let exec = try emp(["run", "disclosure.yml", "--output", "out"], cwd: dir)
        return Release(exec: exec, folder: "\(dir)/out")
    }

    /// `value status conf` of one row of indicators.csv.
    func cell(_ r: Release, _ area: String, _ id: String, partner: String = "_T") -> String? {
        let hits = r.rows.filter {
            $0["ref_area"] == area && $0["indicator"] == id && $0["counterpart_area"] == partner
                && $0["time_period"] == "2020"
        }
        return hits.count == 1 ? "\(hits[0]["obs_value"]!) \(hits[0]["obs_status"]!) \(hits[0]["conf_status"]!)" : nil
    }

    @Test func primaryAndSecondaryOnASmallSurvey() throws {
        let r = try run()
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        // MDA: 13 records, total 200, published.
        #expect(cell(r, "MDA", "imm_inflow") == "200 A F" && cell(r, "MDA", "imm_inflow_records") == "13 A F")
        // Sex: F (2 records) C; _U (30, the smaller of the others) D, so F is not the total
        // less M and _U; nothing of the sex breakdown is left to publish but the total.
        #expect(cell(r, "MDA", "share_female_inflow") == " Q C")
        #expect(cell(r, "MDA", "share_sex_unknown_inflow") == " Q D")
        // Skills: high (2 records) C, low (30) D; mid (150 of 200) published.
        #expect(cell(r, "MDA", "share_high_skilled_imm") == " Q C")
        #expect(cell(r, "MDA", "share_low_skilled_imm") == " Q D")
        #expect(cell(r, "MDA", "share_mid_skilled_imm") == "75 A F")
        // Corridors: ITA (2 records) C, UKR (30) D, ROU (150) published, value and share alike.
        #expect(cell(r, "MDA", "top_corridor_imm_inflow", partner: "ROU") == "150 A F")
        #expect(cell(r, "MDA", "top_corridor_imm_inflow", partner: "UKR") == " Q D")
        #expect(cell(r, "MDA", "top_corridor_imm_inflow", partner: "ITA") == " Q C")
        #expect(cell(r, "MDA", "top_corridor_imm_inflow_share", partner: "ITA") == " Q C")
        #expect(cell(r, "MDA", "top_corridor_imm_inflow_share", partner: "ROU") == "75 A F")
        // The partner concentration Σ s² would be a second equation for ITA and UKR beside the
        // total less ROU: withheld while a partner cell is (issue 14's index met disclosure).
        #expect(cell(r, "MDA", "partner_hhi_imm_inflow") == " Q C")
        // GEO: 3 records in all: the flow, its record count and every share built on it are C.
        let geo = r.rows.filter { $0["ref_area"] == "GEO" && $0["indicator"] != "coverage_domains" }
        #expect(!geo.isEmpty && geo.allSatisfy { $0["obs_value"] == "" && $0["conf_status"] == "C" })
        // The aggregate file's cells of 2 and 1 persons are published as they are.
        #expect(cell(r, "AUT", "imm_inflow") == "3 A F")
        #expect(cell(r, "AUT", "top_corridor_imm_inflow", partner: "ITA") == "1 A F")
        // SDMX carries the same CONF_STATUS as the long table.
        let sdmx = csvRows("\(r.folder)/sdmx/data.csv")
        #expect(sdmx.count == r.rows.count)
        #expect(sdmx.filter { $0["CONF_STATUS"] != "F" }.count == r.rows.filter { $0["conf_status"] != "F" }.count)
        #expect(
            sdmx.filter { $0["CONF_STATUS"] != "F" }.allSatisfy { $0["OBS_STATUS"] == "Q" && $0["OBS_VALUE"] == "" })
    }

    /// What a reader can recompute: each breakdown's total less its published cells. Withheld,
    /// it must stand for two cells or more of at least 5 records together, never one.
    @Test func noWithheldValueCanBeRecomputed() throws {
        let r = try run()
        let total = 200.0
        // Partners: the published top corridors; the rest of the total is UKR + ITA (30 + 20).
        let shown = r.rows.filter { $0["ref_area"] == "MDA" && $0["indicator"] == "top_corridor_imm_inflow" }
        let visible = shown.compactMap { Double($0["obs_value"]!) }.reduce(0, +)
        let withheld = shown.filter { $0["conf_status"] != "F" }
        #expect(total - visible == 50 && withheld.count == 2, "the rest is two partners, not one")
        // Sex: no share of the breakdown is published, so F, M and _U are only their total.
        for id in ["share_female_inflow", "share_sex_unknown_inflow"] {
            #expect(cell(r, "MDA", id)?.hasPrefix(" Q") == true)
        }
        // Skills: mid is 75 % of 200; high + low = 50 is all that is left, two cells of 2 + 6 records.
        #expect(cell(r, "MDA", "share_high_skilled_imm")?.hasPrefix(" Q") == true)
        #expect(cell(r, "MDA", "share_low_skilled_imm")?.hasPrefix(" Q") == true)
    }

    @Test func theQualityReportCountsWhatWasWithheld() throws {
        let r = try run()
        let d = r.report["disclosure"] as? [String: Any] ?? [:]
        let c = r.rows.filter { $0["conf_status"] == "C" }.count, s = r.rows.filter { $0["conf_status"] == "D" }.count
        #expect(d["min_records"] as? Int == 5)
        #expect(d["withheld_primary"] as? Int == c && d["withheld_secondary"] as? Int == s && s == 4)
        let by = d["by_indicator"] as? [String: [String: Int]] ?? [:]
        #expect(by["share_female_inflow"] == ["primary": 2, "secondary": 0], "MDA's F and GEO's")
        #expect(by["top_corridor_imm_inflow"] == ["primary": 2, "secondary": 1], "ITA, GEO's ROU; UKR")
        #expect(read("\(r.folder)/quality/summary.txt").contains("4 secondary (D"))
    }

    @Test func offPublishesThePlainSums() throws {
        let r = try run { $0.replacingOccurrences(of: "disclosure: { min_records: 5 }", with: "disclosure: off") }
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        #expect(r.rows.allSatisfy { $0["conf_status"] == "F" })
        #expect(cell(r, "MDA", "share_female_inflow") == "11.764706 A F", "100 × 20 / 170")
        #expect(cell(r, "GEO", "imm_inflow") == "300 A F")
        #expect((r.report["disclosure"] as? [String: Any])?["min_records"] as? Int == 0)
    }

    @Test func changingTheThresholdRecomputes() throws {
        let dir = try fixtureCopy("disclosure")
        #expect(try emp(["run", "disclosure.yml", "--output", "out"], cwd: dir).status == 0)
        let file = "\(dir)/disclosure.yml"
        try read(file).replacingOccurrences(of: "min_records: 5", with: "min_records: 2")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let second = try emp(["run", "disclosure.yml", "--output", "out"], cwd: dir)
        #expect(second.status == 0, "\(second.stderr)")
        let rows = csvRows("\(dir)/out/indicators.csv")
        // At 2 records F is no longer small: its share is published, and nothing is withheld in MDA.
        #expect(rows.filter { $0["ref_area"] == "MDA" }.allSatisfy { $0["conf_status"] == "F" })
    }
}
