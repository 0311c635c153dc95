import EMPEmit
import Foundation
import Testing

/// Output formats as a registry (issue 10): the pipeline chooses them with `outputs:`, the
/// store keeps each country's rendering per format, and the release's bytes are those emp
/// wrote before the formats became a registry (the golden manifests of Fixtures/golden).
@Suite(.serialized) struct OutputFormatTests {
    /// On either store: the store changes nothing of what is published.
    @Test(arguments: Backend.forThisPass) func theDefaultReleaseHasTheBytesOfTheGoldenManifest(
        _ backend: Backend
    ) throws {
        let dir = try scratchDir("emp-golden")
        defer { removeOutput(dir) }
        let r = try emp(
            ["run", "pipelines/default.yml", "--output", "\(dir)/out"] + (try backend.storeArguments()),
            cwd: repositoryRoot, env: goldenDate)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(manifestLines(releaseManifest("\(dir)/out")) == manifestLines(goldenManifest("default")))
    }

    @Test func theRegistryListsTheFormatsInFileOrder() {
        #expect(
            OutputFormats.all.map(\.name) == [
                "indicators", "indicators_wide", "profiles", "indicators_labelled", "sdmx", "sdg", "report",
            ])
        #expect(
            OutputFormats.all.map(\.files) == [
                "indicators.csv", "indicators_wide.csv", "profiles/<ISO3>.json", "indicators_labelled.csv",
                "sdmx/data.csv, sdmx/structure.xml", "sdg/data.csv", "report/index.html, report/<ISO3>.html",
            ])
        #expect(
            OutputFormats.defaultNames == ["indicators", "indicators_wide", "profiles", "sdmx", "sdg", "report"],
            "the labelled table is chosen")
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

    /// The labelled long table: a label beside every code, described in datapackage.json and
    /// valid for frictionless like the others.
    @Test func theLabelledTableHasALabelBesideEveryCode() throws {
        let dir = try scratchDir("emp-labelled")
        defer { removeOutput(dir) }
        let pipeline = try defaultPipelineCopy(in: dir) { $0 + "outputs: [indicators, indicators_labelled]\n" }
        let r = try emp(["run", pipeline, "--output", "\(dir)/out", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = csvRows("\(dir)/out/indicators_labelled.csv")
        #expect(rows.count == csvRows("\(dir)/out/indicators.csv").count)
        let row = try #require(
            rows.first {
                $0["ref_area"] == "MDA" && $0["indicator"] == "imm_inflow" && $0["time_period"] == "2018"
            })
        #expect(row["country"] == "Moldova" && row["indicator_name"] == "Immigrant inflow")
        #expect(row["obs_value"] == "3920" && row["unit_label"] == "Persons" && row["obs_status"] == "B")
        #expect(row["obs_status_label"] == "Time series break" && row["sex_label"] == "Total")
        let sector = try #require(rows.first { $0["ref_area"] == "MLI" && $0["sector"] == "A" })
        #expect(sector["sector_label"] == "Agriculture, forestry and fishing")
        let check = try DataPackageTests.frictionless("\(dir)/out/datapackage.json")
        #expect(
            check.status == 0 && DataPackageTests.verdicts(check.stdout)["indicators-labelled"] == true,
            "\(check.stdout.prefix(1500))")
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
                    + "indicators_labelled, sdmx, sdg"),
            "\(r.stderr)")
        #expect(!pathExists("\(dir)/out"))
    }
}
