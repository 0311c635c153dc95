import Foundation
import Testing

/// `emp rules`: the catalogue as text, JSON and the README's table.
@Suite struct RulesCommandTests {
    @Test func markdownIsTheReadmeTable() throws {
        let r = try emp(["rules", "--markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        let readme = read("\(repositoryRoot)/README.md")
        #expect(readme.contains("<!-- rules:begin -->\n" + r.stdout + "<!-- rules:end -->"), "run `make docs`")
    }

    @Test func jsonListsEveryRule() throws {
        let r = try emp(["rules", "--json"])
        let rules = (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [[String: String]] ?? []
        #expect(rules.count == 25)
        #expect(rules.first?["id"] == "empty-file" && rules.first?["kind"] == "structure")
        #expect(
            rules.first?["fix"] == "check that the export wrote its rows; "
                + "`layout.header_row` and `layout.skip_footer` say where the table is")
        #expect(Set(rules.compactMap { $0["kind"] }) == ["structure", "type", "code", "range", "consistency"])
        let text = try emp(["rules"]).stdout
        #expect(rules.allSatisfy { text.contains("\($0["id"]!) [\($0["kind"]!)]\n  checks: ") })
        #expect(try emp(["rules", "--json", "--markdown"]).status == 64)
    }
}
