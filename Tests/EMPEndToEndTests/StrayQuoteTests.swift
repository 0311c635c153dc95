import EMPTestSupport
import Foundation
import Testing

/// A stray quote in a delivery (issue 13, point 16): it used to swallow the rest of the file into
/// one quarantined record (3 rows read of 110, exit 0); now its line alone is set aside.
@Suite struct StrayQuoteTests {
    @Test func aStrayQuoteCostsItsLineAlone() throws {
        let dir = try scratchDir("emp-stray-quote")
        defer { removeOutput(dir) }
        var lines = read("\(repositoryRoot)/datasets/moldova/imigranti.csv").split(
            separator: "\n", omittingEmptySubsequences: false)
        lines[2] = Substring(lines[2].replacingOccurrences(of: ";UKR;", with: ";\"UKR;"))
        let delivery = "\(dir)/imigranti.csv"
        try lines.joined(separator: "\n").write(toFile: delivery, atomically: true, encoding: .utf8)
        let pipeline = try defaultPipelineCopy(in: dir)
        let r = try emp([
            "validate", pipeline, "--output", "\(dir)/out", "--source", "mda_inflows=\(delivery)", "--json",
        ])
        let summary = jsonObject(r.stdout)
        let source = (summary["sources"] as? [[String: Any]])?.first { $0["name"] as? String == "mda_inflows" }
        #expect(source?["rows_read"] as? Int == 110, "every row of the delivery is read")
        // Line 3 (women, 295) is set aside; without it the total of line 2 no longer adds up.
        #expect(source?["accepted"] as? Int == 108)
        #expect(source?["quarantined"] as? Int == 2)
        let quarantine = csvRows("\(dir)/out/quality/quarantine/mda_inflows.csv")
        #expect(quarantine.map { $0["_line"]! + " " + $0["_rule"]! } == ["2 total-mismatch", "3 bad-quoting"])
        #expect(quarantine.last?["tara_origine"] == "UKR;Femei;295;", "the row keeps its own line only")
    }
}
