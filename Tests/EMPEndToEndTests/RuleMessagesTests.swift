import Foundation
import Testing

/// The quality report on a pipeline with one source per message variant of every rule
/// (Fixtures/rules): what it wrote before the rules became units (expected/), byte for byte, with
/// the variants added since (issue 13: missing-part, out-of-range values, totals past empty cells).
@Suite struct RuleMessagesTests {
    /// Every message and hint of every rule, byte for byte as before the rules became units.
    @Test func everyMessageIsAsBefore() throws {
        let dir = try fixtureCopy("rules")
        // Run from the fixture's folder: the unreadable file's message has the path as given.
        let r = try emp(["validate", "every-rule.yml", "--output", "out"], cwd: dir)
        #expect(r.status == 74, "the missing file is an I/O error")
        for file in ["summary.txt", "report.json"] {
            #expect(read("\(dir)/out/quality/\(file)") == read("\(dir)/expected/\(file)"), "\(file)")
        }
    }
}
