import Foundation
import Testing

/// Malformed files (frictionless-py's fixtures and our own) through a whole run: a clear
/// diagnostic and quarantine records for each, never a crash, and every row accounted for.
@Suite struct BadInputTests {
    struct Source {
        var name: String
        var read: Int
        var accepted: Int
        var quarantined: Int
        var status: String
        var rules: [String: Int]
        var diagnostics: [[String: Any]]
    }

    func runBad() throws -> (Exec, [String: Source], String) {
        let dir = try fixtureCopy(".")
        let r = try emp(["run", "bad.yml", "--output", "out"], cwd: dir)
        // Sources failed: nothing is published, the run's report is beside the release.
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
        let report =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/out-failed/quality/report.json"))) as! [String: Any]
        var sources: [String: Source] = [:]
        for s in report["sources"] as! [[String: Any]] {
            let name = s["name"] as! String
            sources[name] = Source(
                name: name, read: s["rows_read"] as! Int, accepted: s["accepted"] as! Int,
                quarantined: s["quarantined"] as! Int, status: s["status"] as! String,
                rules: s["counts_by_rule"] as! [String: Int], diagnostics: s["diagnostics"] as! [[String: Any]])
        }
        return (r, sources, "\(dir)/out-failed")
    }

    @Test func everyBrokenFileIsReportedAndAccountedFor() throws {
        let (r, sources, out) = try runBad()
        #expect(r.status == 1, "data rejected beyond policy")
        #expect(r.stderr.contains("source empty failed"))
        for s in sources.values { #expect(s.read == s.accepted + s.quarantined, "\(s.name)") }

        let structure = sources["structure_errors"]!
        #expect(structure.read == 4)
        #expect(structure.rules["ragged-row"] == 1)
        #expect(structure.diagnostics.contains { $0["rule"] as? String == "ragged-row" && $0["line"] as? Int == 5 })

        let delimiter = sources["wrong_delimiter"]!
        #expect(delimiter.rules == ["wrong-delimiter": 1])
        #expect(delimiter.quarantined == 2)
        #expect(delimiter.status == "failed")

        let latin1 = sources["latin1"]!
        let enc = latin1.diagnostics.first { $0["rule"] as? String == "bad-encoding" }
        #expect(enc?["line"] as? Int == 3)
        #expect(enc?["column"] as? String == "name")
        #expect((enc?["message"] as? String)?.contains("0xA9") == true)

        #expect(sources["empty"]!.rules == ["empty-file": 1])
        #expect(sources["empty"]!.status == "failed")

        #expect(sources["invalid"]!.rules["duplicate-column"] == 1)
        #expect(sources["invalid"]!.quarantined == 3, "the empty line is not a row")

        #expect(sources["escaping"]!.rules["bad-quoting"] == 3)

        let defective = sources["defective_rows"]!
        #expect(
            defective.diagnostics.filter { $0["rule"] as? String == "ragged-row" }.compactMap { $0["line"] as? Int }
                == [2, 3])

        let unknown = sources["unknown_country"]!
        #expect(unknown.accepted == 2, "XK is Kosovo (the user-assigned code Eurostat and the World Bank use)")
        #expect(unknown.rules["unknown-country"] == 1, "Moldavia")
        #expect(unknown.rules["unknown-code"] == 1, "partner QQQ")

        #expect(sources["missing_column"]!.rules == ["missing-column": 1])

        let quarantine = read("\(out)/quality/quarantine/unknown_country.csv")
        #expect(quarantine.hasPrefix("_line,_rule,_column,_value,_reason,country,year,origin,persons\n"))
        #expect(quarantine.contains("3,unknown-country,country,Moldavia,"))
        #expect(read("\(out)/quality/summary.txt").contains("latin1"))
    }
}
