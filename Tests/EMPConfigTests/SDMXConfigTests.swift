import EMPConfig
import Testing

/// `sdmx:`: the agency and ids of a release's SDMX structures, checked like every other key.
@Suite struct SDMXConfigTests {
    /// `validPipeline` (16 lines) with `sdmx:` on line 17.
    func pipeline(_ sdmx: String) -> String { validPipeline + "\n" + sdmx + "\n" }

    @Test func theSettingsAreReadUnderTheKeysTheFormatsUse() throws {
        let text = pipeline("sdmx:\n  agency: IOM.MD\n  dataflow: DF_EMP\n  version: 1.10\n  sdg_version: \"1.8\"")
        let config = try PipelineLoader.parse(text, file: "p.yml")
        // An unquoted 1.10 stays the text it is (a version, not the number 1.1).
        #expect(
            config.sdmx?.settings == [
                "sdmx.agency": "IOM.MD", "sdmx.dataflow": "DF_EMP", "sdmx.version": "1.10", "sdmx.sdg_version": "1.8",
            ])
        #expect(try PipelineLoader.parse(validPipeline, file: "p.yml").sdmx == nil)
    }

    @Test func anUnknownKeyIsNamedWithItsLine() {
        let found = issues(pipeline("sdmx:\n  agency: EMP\n  dataflw: DF_X"))
        #expect(found.map(\.key) == ["sdmx.dataflw"])
        #expect(found.first?.line == 19)
        #expect(found.first?.message.contains("expected one of: agency, dataflow, dsd, sdg_version, version") == true)
    }

    @Test func idsAndVersionsFollowTheSDMXPatterns() {
        let found = issues(pipeline("sdmx: { agency: 1EMP, dsd: \"DSD MIGRATION\", version: v1 }"))
        #expect(found.map(\.key).sorted() == ["sdmx.agency", "sdmx.dsd", "sdmx.version"])
        #expect(found.allSatisfy { $0.line == 17 })
        #expect(found.first { $0.key == "sdmx.agency" }?.message.hasPrefix("'1EMP' is not an SDMX agency id") == true)
        #expect(found.first { $0.key == "sdmx.version" }?.message.contains("such as \"1.0\"") == true)
    }

    @Test func sdmxIsAMapping() {
        let found = issues(pipeline("sdmx: EMP"))
        #expect(found.map(\.key) == ["sdmx"])
        #expect(found.first?.line == 17)
    }
}
