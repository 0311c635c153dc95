import EMPCore
@testable import EMPValidate
import Testing

/// The rule catalogue: complete, and the README's table is what it generates.
@Suite struct RuleCatalogueTests {
    /// The table between the README's markers (without the line breaks around it).
    func readmeTable() -> String? {
        let text = read("\(repositoryRoot)/README.md")
        guard let begin = text.range(of: RuleCatalogue.beginMarker + "\n"),
            let end = text.range(of: "\n" + RuleCatalogue.endMarker, range: begin.upperBound..<text.endIndex)
        else {
            return nil
        }
        return String(text[begin.upperBound..<end.lowerBound])
    }

    @Test func readmeTableIsGeneratedFromTheCatalogue() {
        #expect(readmeTable() == RuleCatalogue.markdown, "README.md's rule table is out of date: run `make docs`")
    }

    @Test func everyRuleHasItsUnitInTheOrderOfTheIds() {
        #expect(RuleCatalogue.entries.map(\.id) == Rule.allCases.map(\.rawValue))
        for rule in Rule.allCases {
            #expect(rule.unit.id == rule)
            for line in [rule.unit.checks, rule.unit.fix] {
                #expect(!line.isEmpty && !line.contains("\n"), "\(rule.rawValue): one line each")
            }
        }
    }

    @Test func aPipeInATextStaysInItsCell() {
        #expect(RuleCatalogue.cell("a | b") == "a \\| b")
    }
}
