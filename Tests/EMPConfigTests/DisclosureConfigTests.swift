import EMPConfig
import EMPCore
import Testing

/// `disclosure:`: on by default for microdata (5 records), a threshold, or off.
@Suite struct DisclosureConfigTests {
    func rule(_ line: String?) throws -> DisclosureRule {
        try PipelineLoader.parse(validPipeline + (line.map { "\n" + $0 + "\n" } ?? ""), file: "p.yml").disclosureRule
    }

    @Test func theDefaultIsOnAtFiveRecords() throws {
        #expect(try rule(nil) == DisclosureRule(minRecords: 5))
        #expect(try rule("disclosure: on") == DisclosureRule(minRecords: 5))
        #expect(try rule("disclosure: { min_records: 10 }") == DisclosureRule(minRecords: 10))
    }

    @Test func offEitherWay() throws {
        for line in ["disclosure: off", "disclosure: false", "disclosure: { min_records: 0 }"] {
            #expect(try !rule(line).isOn, "\(line)")
        }
    }

    @Test func aTypoAndABadValueAreNamed() {
        let typo = issues(validPipeline + "\ndisclosure: { min_record: 5 }\n")
        #expect(typo.map(\.key) == ["disclosure.min_record"] && typo.first?.line == 17)
        #expect(typo.first?.message.contains("did you mean 'min_records'") == true)
        #expect(issues(validPipeline + "\ndisclosure: { min_records: -1 }\n").map(\.key) == ["disclosure.min_records"])
        #expect(issues(validPipeline + "\ndisclosure: maybe\n").map(\.key) == ["disclosure"])
    }
}
