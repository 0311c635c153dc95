import Foundation
import Testing

/// Issue 13, "every file reads right or fails loudly": the `emp` binary on the small files of
/// Fixtures/fidelity (each reproduces one finding), checked as a user would check them — the
/// indicator's value and flag, the rule and its line and column in the quality report.
@Suite struct IngestFidelityTests {
    /// One run of a fixture pipeline: its exit, its tables and its quality report.
    struct Release {
        var exec: Exec
        var folder: String
        var rows: [[String: String]] { csvRows("\(folder)/indicators.csv") }
        var report: [String: Any] { jsonObject(read("\(folder)/quality/report.json")) }

        /// The diagnostics of one source, as report.json lists them.
        func diagnostics(_ source: String) -> [[String: Any]] {
            let sources = report["sources"] as? [[String: Any]] ?? []
            return sources.first { $0["name"] as? String == source }?["diagnostics"] as? [[String: Any]] ?? []
        }

        func source(_ name: String) -> [String: Any] {
            (report["sources"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name } ?? [:]
        }

        func quarantine(_ source: String) -> [[String: String]] {
            csvRows("\(folder)/quality/quarantine/\(source).csv")
        }
    }

    /// `emp run <pipeline>.yml` in a fresh copy of the fixtures; `edit` changes the pipeline first.
    func run(_ pipeline: String, edit: (String) -> String = { $0 }) throws -> Release {
        let dir = try fixtureCopy("fidelity")
        let path = "\(dir)/\(pipeline).yml"
        try edit(read(path)).write(toFile: path, atomically: true, encoding: .utf8)
        let exec = try emp(["run", "\(pipeline).yml", "--output", "out"], cwd: dir)
        let folder = FileManager.default.fileExists(atPath: "\(dir)/out") ? "\(dir)/out" : "\(dir)/out-failed"
        return Release(exec: exec, folder: folder)
    }

    // MARK: 1. Empty cells

    static let totals = ["emi_stock", "imm_stock", "imm_inflow", "remit_in_usd"]

    /// `DEU,2013,FRA,` in a long file: missing by default, so the totals over partner are
    /// missing too — and the quality report says which cell made them so, source by source.
    @Test func anEmptyPartnerCellThatBlanksATotalIsNamed() throws {
        let r = try run("l2")
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        for id in Self.totals { #expect(value(r.rows, "DEU", id, "2013") == nil, "\(id): no value to publish") }
        #expect(value(r.rows, "DEU", "top_corridor_emi_stock", "2013", counterpart: "USA")! == ("100", "A"))
        for source in ["s_out", "s_in", "f_in", "r_in"] {
            let d = r.diagnostics(source)
            #expect(d.count == 1, "\(source)")
            #expect(d.first?["rule"] as? String == "missing-part" && d.first?["severity"] as? String == "warning")
            #expect(d.first?["line"] as? Int == 4 && d.first?["column"] as? String == "value")
            #expect((d.first?["message"] as? String)?.contains("no partner total for DEU 2013") == true)
            #expect((d.first?["hint"] as? String)?.contains("empty: zero") == true)
        }
        #expect(
            read("\(r.folder)/quality/summary.txt").contains("l2.csv:4: column value: missing-part: this cell is empty")
        )
    }

    /// `empty: zero`: the source says an empty cell is none, and the totals are there.
    @Test func emptyZeroSumsTheTotals() throws {
        let r = try run("l2") { $0.replacingOccurrences(of: "path: l2.csv\n", with: "path: l2.csv\n    empty: zero\n") }
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        for id in Self.totals { #expect(value(r.rows, "DEU", id, "2013")! == ("150", "A"), "\(id)") }
        #expect(
            (r.report["sources"] as? [[String: Any]])?.allSatisfy { ($0["diagnostics"] as? [Any])?.isEmpty == true }
                == true)
    }

    /// A matrix's empty cell is none by default; `empty: missing` makes it no estimate, said where.
    @Test func aMatrixEmptyCellIsNoneUnlessTheSourceSaysOtherwise() throws {
        let r = try run("m6")
        #expect(
            value(r.rows, "AUT", "imm_stock", "2011")! == ("110", "A"), "FRA 100 + ITA 0 + ESP 10; World 50 set aside")
        let missing = try run("m6") {
            $0.replacingOccurrences(of: "path: m6.csv\n", with: "path: m6.csv\n    empty: missing\n")
        }
        #expect(missing.exec.status == 0, "\(missing.exec.stderr)")
        #expect(value(missing.rows, "AUT", "imm_stock", "2011") == nil)
        let rules = missing.diagnostics("m4").map {
            "\($0["line"] as? Int ?? 0) \($0["column"] as? String ?? "-") \($0["rule"]!)"
        }
        #expect(rules == ["2 - total-mismatch", "2 ITA missing-part"])
        let total = try #require(missing.diagnostics("m4").first?["message"] as? String)
        #expect(total.contains("the partner total 50 is below 110, the sum of the categories given (line 2)"))
    }

    // MARK: 2. Totals

    /// `AUT,50,100,,10`: the World total 50 is below its FRA cell 100, whatever ITA's empty cell holds.
    @Test func aTotalBelowAKnownPartIsAMismatch() throws {
        let r = try run("m6")
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        let d = try #require(r.diagnostics("m4").first)
        #expect(d["rule"] as? String == "total-mismatch" && d["line"] as? Int == 2 && d["value"] as? String == "50")
        #expect(
            r.quarantine("m4").map { [$0["_line"], $0["_rule"], $0["dest"], $0["origin"]] } == [
                ["2", "total-mismatch", "AUT", "_T"]
            ], "World is the total (_T)")
        // DEU's total (222 = 200 + 20 + 2) is right and published.
        #expect(value(r.rows, "DEU", "imm_stock", "2011")! == ("222", "A"))
    }

    // MARK: 4. Numbers

    @Test func eNotationIsReadAsANumber() throws {
        let r = try run("enot")
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        #expect(r.source("enot")["accepted"] as? Int == 2)
        #expect(r.diagnostics("enot").isEmpty)
        #expect(value(r.rows, "USA", "remit_in_usd", "2013")! == ("1000", "A"))
        // 5.80897E-05 US dollars: a value, written to the cent like every amount.
        #expect(value(r.rows, "MEX", "remit_in_usd", "2013")! == ("0", "A"))
    }

    @Test func aNumberTooLargeForADoubleIsOutOfRange() throws {
        let r = try run("huge")
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        let d = try #require(r.diagnostics("huge").first)
        #expect(d["rule"] as? String == "out-of-range")
        #expect(d["line"] as? Int == 2 && d["column"] as? String == "value")
        #expect((d["message"] as? String)?.contains("(400 characters)' is too large") == true)
        #expect((d["hint"] as? String)?.contains("typo") == true)
        #expect(r.quarantine("huge").map { $0["_rule"] } == ["out-of-range"])
        // Never published empty with flag A: Mexico has no value at all, the United States its own.
        #expect(!r.rows.contains { $0["ref_area"] == "MEX" })
        #expect(value(r.rows, "USA", "remit_in_usd", "2013")! == ("1000", "A"))
    }

    // MARK: 3. Encodings in matrices

    /// Latin-1 bytes read as UTF-8: `bad-encoding` in the long file and in the matrix alike,
    /// with the line, the column and the fix, never `C\u{FFFD}te d'Ivoire`.
    @Test func latin1InAMatrixIsBadEncoding() throws {
        let r = try run("lat")
        #expect(r.exec.status == 1, "a matrix header that cannot be read fails its source, as in a long file")
        let long = try #require(r.diagnostics("lat_long").first)
        #expect(long["rule"] as? String == "bad-encoding" && long["line"] as? Int == 2)
        let header = try #require(r.diagnostics("lat_matrix").first)
        #expect(header["rule"] as? String == "bad-encoding")
        #expect(header["line"] as? Int == 1 && header["column"] as? String == "#2")
        #expect((header["hint"] as? String)?.contains("encoding: windows-1252") == true)
        #expect(!read("\(r.folder)/quality/report.json").contains("\\ufffd"))
        #expect(!read("\(r.folder)/quality/summary.txt").contains("\u{FFFD}"))

        let rows = try run("lat_rows")
        #expect(rows.exec.status == 0, "\(rows.exec.stderr)")
        let label = try #require(rows.diagnostics("lat_rows").first)
        #expect(label["rule"] as? String == "bad-encoding" && label["line"] as? Int == 2)
        #expect(label["column"] as? String == "Sending" && label["cells"] as? Int == 2)
        #expect(rows.quarantine("lat_rows").map { $0["_rule"] } == ["bad-encoding", "bad-encoding"])
        #expect(
            value(rows.rows, "MEX", "imm_stock", "2013")! == ("2", "A"), "USA's cell; Côte d'Ivoire's are set aside")
    }

    // MARK: 5. Coverage

    /// `BEL,2008,` alone: 2008 has a table but no value, so no domain covers it, and
    /// `coverage_domains` starts in 2009, the first year with data (a 0 before it is padding).
    @Test func aYearWhoseOnlyValueIsMissingIsNotCovered() throws {
        let r = try run("cov")
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        #expect(value(r.rows, "BEL", "coverage_domains", "2008") == nil)
        #expect(value(r.rows, "BEL", "coverage_domains", "2009")! == ("1", "A"))
        let profile = jsonObject(read("\(r.folder)/profiles/BEL.json"))
        let coverage = profile["coverage"] as? [String: [Int]]
        #expect(coverage?["inflows"] == [2009])
        #expect(value(r.rows, "BEL", "imm_inflow", "2009")! == ("100", "A"))
    }

    // MARK: 6. Corridors

    /// Partners at 0 — written 0, or a matrix's empty cells — do not rank: a top 3, not a top 5.
    @Test func zeroPartnersAreNotCorridors() throws {
        let r = try run("zero")
        #expect(r.exec.status == 0, "\(r.exec.stderr)")
        for id in ["top_corridor_imm_inflow", "top_corridor_emi_stock"] {
            let ranked = r.rows.filter { $0["ref_area"] == "MDA" && $0["indicator"] == id }
            #expect(ranked.map { $0["counterpart_area"]! } == ["ITA", "RUS", "ROU"], "\(id)")
            #expect(ranked.map { $0["rank"]! } == ["1", "2", "3"], "\(id)")
        }
        #expect(
            value(r.rows, "MDA", "top_corridor_imm_inflow_share", "2019", counterpart: "ITA")! == ("55.555556", "A"))
        #expect(value(r.rows, "MDA", "emi_stock", "2019")! == ("90", "A"))
    }
}
