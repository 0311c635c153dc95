import EMPConfig
import EMPCore
import Testing

let validPipeline = """
    version: 1
    name: demo
    sources:
      - name: mda_inflows
        domain: inflows
        path: ../datasets/in.csv
        dialect: { delimiter: ";", decimal: "," }
        columns:
          ref_area: country
          time_period: year
          value: persons
        values:
          sex: { Male: M }
        missing: ["", ".."]
        on_error: quarantine
        max_error_rate: 0.05
    """

/// The issues a pipeline text produces (empty when it loads).
func issues(_ text: String) -> [ConfigIssue] {
    do {
        _ = try PipelineLoader.parse(text, file: "p.yml")
        return []
    } catch let error as ConfigError {
        return error.issues
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

@Suite struct PipelineLoaderTests {
    /// `store:` names the history's place; a URL with a password is refused at its key and line.
    @Test func aStoreURLWithAPasswordIsRefused() {
        let url = "postgresql://emp@db.example:5432/stats"
        #expect(
            issues(validPipeline.replacingOccurrences(of: "name: demo\n", with: "name: demo\nstore: \(url)\n")).isEmpty)
        let found = issues(
            validPipeline.replacingOccurrences(
                of: "name: demo\n", with: "name: demo\nstore: postgresql://emp:secret@db.example/stats\n"))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("PGPASSWORD") == true, "\(found)")
        #expect(found.first?.line == 3, "\(found)")
    }

    /// Tables indexed by `slot` (the mapper's field plans) rely on it being the field's position.
    @Test func eachFieldsSlotIsItsPositionInAllCases() {
        for (i, f) in CanonicalField.allCases.enumerated() { #expect(f.slot == i, "\(f)") }
    }

    @Test func validPipelineLoads() throws {
        let config = try PipelineLoader.parse(validPipeline, file: "p.yml")
        #expect(config.name == "demo")
        #expect(config.sources.count == 1)
        let s = config.sources[0]
        #expect(s.domain == .inflows)
        #expect(s.dialect?.delimiterByte == UInt8(ascii: ";"))
        #expect(s.dialect?.decimalMark == ",")
        #expect(s.values?["sex"]?["Male"] == "M")
        #expect(s.missingMarkers == ["", ".."])
        #expect(s.maxErrorRate == 0.05)
        #expect(config.tolerancePct == 0.5)
    }

    @Test func unknownKeyIsNamedWithItsLine() {
        let text = validPipeline.replacingOccurrences(of: "    on_error: quarantine", with: "    on_eror: quarantine")
        let found = issues(text)
        #expect(found.count == 1)
        #expect(found.first?.key == "sources[0].on_eror")
        #expect(found.first?.line == 15)
        #expect(found.first?.message.hasPrefix("unknown key (did you mean 'on_error'?); expected one of:") == true)
        // A key far from every known one gets no guess.
        let far = issues(validPipeline.replacingOccurrences(of: "    on_error: quarantine", with: "    zzzzzz: 1"))
        #expect(far.first?.message.hasPrefix("unknown key; expected one of:") == true)
    }

    @Test func unknownTopLevelKey() {
        let found = issues(
            "version: 1\nname: x\noutptu: here\nsources:\n  - {name: a, domain: gdp, path: g.csv, columns: {ref_area: "
                + "c, time_period: y, value: v}}\n"
        )
        #expect(found.map(\.key) == ["outptu"])
        #expect(found.first?.line == 3)
    }

    @Test func unknownDomainNamesTheChoices() {
        let found = issues(validPipeline.replacingOccurrences(of: "domain: inflows", with: "domain: inflow"))
        #expect(found.first?.key == "sources[0].domain")
        #expect(found.first?.line == 5)
        #expect(found.first?.message.contains("outflows") == true)
    }

    /// Every mistake of a file in one pass, in line order, each with the nearest right word
    /// (issue 13, point 10; the `e_typo.yml` repro: a mistyped key and a mistyped layout).
    @Test func everyMistakeIsReportedAtOnceWithTheNearestWord() {
        let text = """
            version: 1
            name: e_typo
            sources:
              - name: typo_source
                domain: inflow
                path: cov.csv
                layout: { kind: eurostat_tsv }
                columns: { ref_area: country, time_period: year, value: value }
                filtr: { country: BEL }
                on_error: quarantaine
            """
        let found = issues(text)
        #expect(
            found.map(\.key) == [
                "sources[0].domain", "sources[0].layout.kind", "sources[0].filtr", "sources[0].on_error",
            ])
        #expect(found.map(\.line) == [5, 7, 9, 10])
        #expect(found[0].message.hasPrefix("unknown domain 'inflow' (did you mean 'inflows'?); expected one of: "))
        #expect(found[1].message.hasPrefix("unknown layout 'eurostat_tsv' (did you mean 'eurostat-tsv'?)"))
        #expect(found[2].message.hasPrefix("unknown key (did you mean 'filter'?)"))
        #expect(
            found[3].message
                == "unknown error policy 'quarantaine' (did you mean 'quarantine'?); expected one of: fail, quarantine")
    }

    @Test func wrongTypeIsReported() {
        let found = issues(validPipeline.replacingOccurrences(of: "version: 1", with: "version: one"))
        #expect(found.first?.key == "version")
        #expect(found.first?.line == 1)
        #expect(found.first?.message == "expected a whole number")
    }

    @Test func domainNeedsItsFields() {
        let text = validPipeline.replacingOccurrences(of: "domain: inflows", with: "domain: skills")
        let found = issues(text)
        #expect(found.contains { $0.message.contains("needs direction") })
        #expect(found.contains { $0.message.contains("needs education") })
        #expect(found.allSatisfy { $0.line == 5 })
    }

    @Test func fieldTheDomainDoesNotUse() {
        let text = validPipeline.replacingOccurrences(
            of: "      value: persons", with: "      value: persons\n      currency: cur")
        let found = issues(text)
        #expect(found.count == 1)
        #expect(found.first?.key == "sources[0].columns.currency")
        #expect(found.first?.line == 12)
    }

    @Test func columnAndConstantForTheSameField() {
        let text = validPipeline.replacingOccurrences(
            of: "    missing:", with: "    constants: { value: '5' }\n    missing:")
        #expect(issues(text).contains { $0.key == "sources[0].constants.value" && $0.message.contains("both") })
    }

    @Test func dialectAndPolicyValues() {
        var text = validPipeline.replacingOccurrences(of: "delimiter: \";\"", with: "delimiter: \";;\"")
        text = text.replacingOccurrences(of: "max_error_rate: 0.05", with: "max_error_rate: 5")
        let keys = issues(text).map(\.key)
        #expect(keys.contains("sources[0].dialect.delimiter"))
        #expect(keys.contains("sources[0].max_error_rate"))
    }

    @Test func duplicateSourceNames() {
        let text =
            validPipeline
            + "\n  - {name: mda_inflows, domain: gdp, path: g.csv, columns: {ref_area: c, time_period: y, value: v}}\n"
        #expect(issues(text).contains { $0.key == "sources[1].name" && $0.message.contains("already used") })
    }

    @Test func unsupportedVersion() {
        let found = issues(validPipeline.replacingOccurrences(of: "version: 1", with: "version: 2"))
        #expect(found.first?.message.contains("not supported") == true)
    }

    @Test func yamlSyntaxErrorHasALine() {
        let found = issues("version: 1\nname: x\nsources:\n  - name: [unclosed\n")
        #expect(found.first?.key == "(syntax)")
        #expect(found.first?.line != nil)
    }

    @Test func missingRequiredTopKeys() {
        let found = issues("version: 1\n")
        #expect(Set(found.map(\.key)) == ["name", "sources"])
    }
}
