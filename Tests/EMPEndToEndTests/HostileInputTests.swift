import Foundation
import Testing

/// Files made to break a run (issue 13, points 12–15), through the real binary: weights whose
/// sum leaves the exact range, files without end, fields of megabytes, a file rewritten while
/// it is read, a symbolic link to a system file. Each gives a clear message, a rule with its
/// line and column, the right exit code, and never a crash, a hang or a silent wrong number.
@Suite struct HostileInputTests {
    /// A microdata pipeline in a fresh folder; `extra` is added to the source's keys,
    /// `top` to the pipeline's. Its files hold a handful of records whose sums the tests read:
    /// disclosure control, which would withhold them, is off.
    func workspace(_ csv: String, extra: String = "", top: String = "") throws -> (dir: String, pipeline: String) {
        let dir = try scratchDir("emp-hostile")
        try csv.write(toFile: "\(dir)/micro.csv", atomically: true, encoding: .utf8)
        let yaml = """
            version: 1
            name: hostile
            disclosure: off
            \(top)
            sources:
              - name: micro
                domain: microdata
                path: micro.csv
                columns: { ref_area: country, time_period: year, direction: direction, weight: weight }
            \(extra.isEmpty ? "" : "    " + extra)
            """
        try yaml.write(toFile: "\(dir)/hostile.yml", atomically: true, encoding: .utf8)
        return (dir, "\(dir)/hostile.yml")
    }

    /// A file of `rows` identical records (4 MB and more are read on two threads).
    func rows(_ count: Int, weight: String) -> String {
        "country,year,direction,weight\n" + String(repeating: "MDA,2020,IN,\(weight)\n", count: count)
    }

    func report(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (doc?["sources"] as? [[String: Any]])?.first ?? [:]
    }

    func diagnostics(_ source: [String: Any]) -> [[String: Any]] { source["diagnostics"] as? [[String: Any]] ?? [] }

    // MARK: 12. Overflow

    @Test func aWeightBeyondATrillionIsQuarantinedWithItsLineAndColumn() throws {
        let w = try workspace("country,year,direction,weight\nMDA,2020,IN,1.5\nMDA,2020,IN,99999999999999999\n")
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let r = try emp(["run", w.pipeline, "--output", "\(w.dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let source = try report("\(w.dir)/out/quality/report.json")
        #expect(source["rows_read"] as? Int == 2 && source["accepted"] as? Int == 1)
        #expect(source["quarantined"] as? Int == 1)
        let d = try #require(diagnostics(source).first)
        #expect(d["rule"] as? String == "out-of-range" && d["line"] as? Int == 3 && d["column"] as? String == "weight")
        #expect((d["message"] as? String)?.contains("a trillion") == true)
        #expect(read("\(w.dir)/out/quality/quarantine/micro.csv").contains("3,out-of-range,weight,99999999999999999,"))
        #expect(value(csvRows("\(w.dir)/out/indicators.csv"), "MDA", "imm_inflow", "2020")?.0 == "1.5")
    }

    /// 150,000 weights of 999,999,999,999.99 sum beyond Int64 cents: the source fails, the
    /// same on one thread and on two (the file is over 4 MB, so it is split).
    @Test(arguments: ["1", "2"])
    func weightsSummingBeyondTheRangeFailTheSource(threads: String) throws {
        let w = try workspace(rows(150_000, weight: "999999999999.99"))
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let r = try emp(["run", w.pipeline, "--output", "\(w.dir)/out", "--threads", threads])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("the weights of MDA 2020 IN sum to more than 92233720368547758.07"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(w.dir)/out"), "nothing published")
        let source = try report("\(w.dir)/out-failed/quality/report.json")
        #expect(source["status"] as? String == "failed")
        #expect(source["rows_read"] as? Int == 150_000 && source["accepted"] as? Int == 150_000)
        #expect(diagnostics(source).contains { $0["rule"] as? String == "out-of-range" && $0["line"] as? Int == nil })
        let runJSON = jsonObject(read("\(w.dir)/out-failed/run.json"))
        let inputs = runJSON["inputs"] as? [[String: Any]]
        #expect(inputs?.first?["threads"] as? Int == Int(threads), "read on \(threads) thread(s)")
    }

    /// Just below the range the sum is exact (in cents; published as the nearest double), and
    /// the same on one thread or two.
    @Test func weightsSummingJustBelowTheRangeArePublishedTheSameOnOneThreadOrTwo() throws {
        let w = try workspace(rows(150_000, weight: "600000000000.01"))
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        var published: [String] = []
        for threads in ["1", "2"] {
            let out = "\(w.dir)/out\(threads)"
            let r = try emp(["run", w.pipeline, "--output", out, "--threads", threads])
            #expect(r.status == 0, "\(r.stderr)")
            published.append(value(csvRows("\(out)/indicators.csv"), "MDA", "imm_inflow", "2020")?.0 ?? "none")
        }
        let nearest = String(format: "%.0f", Double(150_000 * 60_000_000_000_001 as Int64) / 100)
        #expect(published == [nearest, nearest])
    }
}
