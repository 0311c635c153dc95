import EMPTestSupport
import Foundation
import Testing

/// Points of issue 13 tried on the built binary, as an office's file would meet them: UN and
/// former World Bank aggregates among the partners (7), a `skip_footer` the file no longer has
/// (9), a UTF-16 delivery without a byte-order mark (17).
@Suite struct IngestOnTheBinaryTests {
    func validate(_ sources: String, files: [String: [UInt8]]) throws -> (Exec, [String: [String: Any]], String) {
        let dir = try scratchDir("emp-ingest-binary")
        for (name, bytes) in files { FileManager.default.createFile(atPath: "\(dir)/\(name)", contents: Data(bytes)) }
        try ("version: 1\nname: t\nsources:\n" + sources).write(
            toFile: "\(dir)/t.yml", atomically: true, encoding: .utf8)
        let r = try emp(["validate", "\(dir)/t.yml", "--output", "\(dir)/out", "--json"])
        let list = jsonObject(r.stdout)["sources"] as? [[String: Any]] ?? []
        let byName = Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
        return (r, byName, read("\(dir)/out/quality/summary.txt"))
    }

    @Test func aggregatesOfUNAndOlderWorldBankFilesAreFilteredAndKSVIsKosovo() throws {
        let csv =
            "year,direction,area,persons\n"
            + ["900", "2", "419", "5501", "NOC", "KSV", "FRA"].map {
                "2020,IN,\($0),10"
            }.joined(separator: "\n") + "\n"
        let (r, sources, summary) = try validate(
            """
              - name: stocks
                domain: stocks
                path: stocks.csv
                columns: { time_period: year, direction: direction, partner: area, value: persons }
                constants: { ref_area: MDA }
            """, files: ["stocks.csv": Array(csv.utf8)])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(sources["stocks"]?["rows_read"] as? Int == 7)
        #expect(sources["stocks"]?["accepted"] as? Int == 2, "Kosovo and France")
        #expect(sources["stocks"]?["filtered"] as? Int == 5)
        #expect(summary.contains("partner is an aggregate, not a country (UN aggregate)"), "\(summary)")
        #expect(summary.contains("(UN M49 region)") && summary.contains("(former World Bank aggregate)"))
    }

    @Test func aSkipFooterTheFileNoLongerHasFailsTheSource() throws {
        let (r, sources, summary) = try validate(
            """
              - name: pop
                domain: population
                path: pop.csv
                layout: { kind: wide, skip_footer: 2 }
                columns: { ref_area: code }
            """, files: ["pop.csv": Array("code,2019,2020\nJAM,1,2\nMDA,3,4\nBGD,5,6\n".utf8)])
        #expect(r.status == 1)
        #expect(sources["pop"]?["status"] as? String == "failed")
        #expect(
            summary.contains("footer-is-data: the 2 record(s) skip_footer leaves out (lines 3-4) read as data rows"))
    }

    @Test func aUTF16DeliveryWithoutAMarkSaysSo() throws {
        let text = "code,year,value\nMDA,2020,2600000\n"
        let bytes = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let (r, _, summary) = try validate(
            """
              - name: pop
                domain: population
                path: pop.csv
                columns: { ref_area: code, time_period: year, value: value }
            """, files: ["pop.csv": bytes])
        #expect(r.status == 1)
        #expect(summary.contains("the file is UTF-16 (little-endian) without a byte-order mark"), "\(summary)")
        #expect(summary.contains("declare encoding: utf-16le"))
        #expect(!summary.contains("missing-column"))
    }
}
