import EMPEmit
import Foundation
import Testing

/// Output formats as a registry (issue 10): the pipeline chooses them with `outputs:`, the
/// store keeps each country's rendering per format, and the release's bytes are those emp
/// wrote before the formats became a registry (the golden manifests of Fixtures/golden).
@Suite(.serialized) struct OutputFormatTests {
    @Test func theDefaultReleaseHasTheBytesOfTheGoldenManifest() throws {
        let dir = try scratchDir("emp-golden")
        defer { removeOutput(dir) }
        let r = try emp(["run", "pipelines/default.yml", "--output", "\(dir)/out"], cwd: repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(manifestLines(releaseManifest("\(dir)/out")) == manifestLines(goldenManifest("default")))
    }

    @Test func theRegistryListsTheFormatsInFileOrder() {
        #expect(OutputFormats.all.map(\.name) == ["indicators", "indicators_wide", "profiles", "sdmx", "sdg"])
        #expect(
            OutputFormats.all.map(\.files) == [
                "indicators.csv", "indicators_wide.csv", "profiles/<ISO3>.json", "sdmx/data.csv, sdmx/structure.xml",
                "sdg/data.csv",
            ])
    }

    /// One format only, then all of them: the second run computes every country again (their
    /// kept renderings lack four formats) and gives the bytes of a release made with all.
    @Test func aPipelineChoosesItsFormatsAndAFormatAddedLaterIsRenderedForEveryCountry() throws {
        let dir = try scratchDir("emp-formats")
        defer { removeOutput(dir) }
        let one = try defaultPipelineCopy(in: dir, name: "one.yml") { $0 + "outputs: [indicators]\n" }
        let all = try defaultPipelineCopy(in: dir, name: "all.yml")
        let first = try emp(["run", one, "--output", "\(dir)/out"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(pathExists("\(dir)/out/indicators.csv"))
        #expect(!pathExists("\(dir)/out/indicators_wide.csv") && !pathExists("\(dir)/out/profiles"))
        let golden = manifestLines(goldenManifest("default"))
        let long = try #require(golden.first { $0.hasSuffix("./indicators.csv") })
        #expect(
            manifestLines(releaseManifest("\(dir)/out")).contains(long),
            "indicators.csv as the default release writes it")
        let second = try emp(["run", all, "--output", "\(dir)/out"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("4 computed, no change"), "\(second.stdout)")
        // The formats' files (the quality report names the sources by this copy's paths).
        let formats = { (lines: [String]) in
            lines.filter { $0.contains("  ./indicators") || $0.contains("  ./profiles/") }
        }
        #expect(formats(manifestLines(releaseManifest("\(dir)/out"))) == formats(golden))
        #expect(formats(golden).count == 6)
        // A third run with the same formats uses the kept renderings.
        let third = try emp(["run", all, "--output", "\(dir)/out"])
        #expect(third.stdout.contains("nothing changed since run 2"), "\(third.stdout)")
    }

    @Test func anUnknownFormatIsAConfigurationError() throws {
        let dir = try scratchDir("emp-formats-bad")
        defer { removeOutput(dir) }
        let bad = try defaultPipelineCopy(in: dir) { $0 + "outputs: [indicators, parquet]\n" }
        let r = try emp(["run", bad, "--output", "\(dir)/out"])
        #expect(r.status == 78)
        #expect(
            r.stderr.contains(
                "outputs: unknown output format 'parquet'; the formats are indicators, indicators_wide, profiles, "
                    + "sdmx, sdg"),
            "\(r.stderr)")
        #expect(!pathExists("\(dir)/out"))
    }
}
