import Foundation
import Testing

/// Profiles that describe themselves (issue 11): names, units, standards, emp's version,
/// numbers as JSON numbers, and a JSON Schema shipped in the release that every profile meets
/// (checked with the `jsonschema` package, as a reader without emp would).
@Suite(.serialized) struct ProfileTests {
    static let release: String = {
        let dir = (try? scratchDir("emp-profiles")) ?? NSTemporaryDirectory()
        _ = try? emp(["run", "pipelines/default.yml", "--output", "\(dir)/out", "--quiet"], cwd: repositoryRoot)
        return "\(dir)/out"
    }()

    func profile(_ country: String) throws -> [String: Any] {
        try #require(jsonObject(read("\(Self.release)/profiles/\(country).json")) as [String: Any]?)
    }

    @Test func aProfileNamesItsIndicatorsUnitsAndStandards() throws {
        let mda = try profile("MDA")
        #expect(mda["name"] as? String == "Moldova")
        #expect(mda["emp_version"] as? String == "0.1.0")
        #expect(mda["schema"] as? String == "schemas/profile.schema.json")
        let indicators = try #require(mda["indicators"] as? [String: [String: Any]])
        let inflow = try #require(indicators["imm_inflow"])
        #expect(inflow["name"] as? String == "Immigrant inflow")
        #expect(inflow["unit_measure"] as? String == "PS" && inflow["unit_label"] as? String == "Persons")
        #expect(
            (inflow["standard"] as? String)?.hasPrefix("UN Recommendations on Statistics of International Migration")
                == true)
        // The long table's 2018 value (3920, a break in series: B), as a JSON number.
        let series = try #require((inflow["series"] as? [[String: Any]])?.first)
        let years = try #require(series["time_period"] as? [Int]), values = try #require(series["obs_value"] as? [Any])
        let at = try #require(years.firstIndex(of: 2018))
        #expect((values[at] as? NSNumber)?.doubleValue == 3920)
        #expect((series["obs_status"] as? [String])?[at] == "B")
    }

    @Test func aBreakdownCarriesItsLabels() throws {
        let mli = try profile("MLI")
        let indicators = try #require(mli["indicators"] as? [String: [String: Any]])
        let sectors = try #require(indicators["sector_dist_emi"]?["series"] as? [[String: Any]])
        let agriculture = try #require(sectors.first { $0["sector"] as? String == "A" })
        #expect(agriculture["sector_label"] as? String == "Agriculture, forestry and fishing")
        let corridors = try #require(indicators["top_corridor_emi_outflow"]?["series"] as? [[String: Any]])
        let ivory = try #require(corridors.first { $0["counterpart_area"] as? String == "CIV" })
        #expect((ivory["counterpart_area_label"] as? String)?.contains("Ivoire") == true)
        #expect(ivory["rank"] is Int)
    }

    @Test func everyProfileMeetsTheSchemaShippedWithTheRelease() throws {
        let python = try pythonClient()
        let script = """
            import json, sys, glob, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            files = sorted(glob.glob(sys.argv[2] + "/*.json"))
            for f in files:
                jsonschema.validate(json.load(open(f)), schema, cls=jsonschema.Draft202012Validator)
            print(len(files), "valid")
            """
        let r = try run(
            python, ["-c", script, "\(Self.release)/schemas/profile.schema.json", "\(Self.release)/profiles"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "4 valid\n")
        // And a profile that breaks it is caught (the check can fail).
        let broken = "\(Self.release)/../broken"
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        try read("\(Self.release)/profiles/JAM.json").replacingOccurrences(
            of: "\"obs_status\": [", with: "\"flags\": ["
        )
        .write(toFile: "\(broken)/JAM.json", atomically: true, encoding: .utf8)
        let bad = try run(python, ["-c", script, "\(Self.release)/schemas/profile.schema.json", broken])
        #expect(bad.status != 0 && bad.stderr.contains("ValidationError"))
    }
}
