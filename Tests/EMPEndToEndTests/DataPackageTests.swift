import Foundation
import Testing

/// `datapackage.json` (issue 11): every CSV of the release described (types, code lists,
/// primary keys, missing values), checked by the client offices run, `frictionless validate`.
@Suite(.serialized) struct DataPackageTests {
    static let release: String = {
        let dir = (try? scratchDir("emp-package")) ?? NSTemporaryDirectory()
        _ = try? emp(["run", "pipelines/default.yml", "--output", "\(dir)/out", "--quiet"], cwd: repositoryRoot)
        return "\(dir)/out"
    }()

    static func frictionless(_ descriptor: String) throws -> Exec {
        let python = try pythonClient()
        let bin = (python as NSString).deletingLastPathComponent + "/frictionless"
        return try run(bin, ["validate", "--json", descriptor])
    }

    /// The tasks of a `frictionless validate --json` report: path → valid.
    static func verdicts(_ report: String) -> [String: Bool] {
        let tasks = jsonObject(report)["tasks"] as? [[String: Any]] ?? []
        return Dictionary(
            uniqueKeysWithValues: tasks.map { ($0["name"] as? String ?? "?", $0["valid"] as? Bool ?? false) })
    }

    @Test func theDefaultReleaseValidates() throws {
        let r = try Self.frictionless("\(Self.release)/datapackage.json")
        #expect(r.status == 0, "\(r.stdout.prefix(2000))")
        #expect(
            Self.verdicts(r.stdout) == [
                "indicators": true, "indicators-wide": true, "sdmx": true, "sdg": true, "changes": true,
                "quarantine-jam-sectors": true, "measures": true,
            ])
    }

    @Test func typesKeysAndCodeListsAreDeclared() throws {
        let package = jsonObject(read("\(Self.release)/datapackage.json"))
        let resources = package["resources"] as? [[String: Any]] ?? []
        let indicators = try #require(resources.first { $0["path"] as? String == "indicators.csv" })
        let schema = try #require(indicators["schema"] as? [String: Any])
        let fields = try #require(schema["fields"] as? [[String: Any]])
        let type = { (name: String) in fields.first { $0["name"] as? String == name }?["type"] as? String }
        #expect(type("time_period") == "integer" && type("obs_value") == "number")
        #expect(
            schema["primaryKey"] as? [String] == [
                "ref_area", "indicator", "sex", "counterpart_area", "sector", "rank", "time_period",
            ])
        let flags = fields.first { $0["name"] as? String == "obs_status" }?["constraints"] as? [String: Any]
        #expect((flags?["enum"] as? [String])?.contains("B") == true)
        let wide = try #require(resources.first { $0["path"] as? String == "indicators_wide.csv" })
        let wideFields = ((wide["schema"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).map {
            $0["name"] as? String
        }
        #expect(
            wideFields.contains("2016") && wideFields.contains("2020_status") && wideFields.contains("indicator_name"))
    }

    /// The check can fail: a value that is not a number, a flag outside CL_OBS_STATUS and a
    /// doubled key are each found.
    @Test func aDamagedTableIsInvalid() throws {
        let copy = try scratchDir("emp-package-bad")
        for folder in ["sdmx", "sdg"] {
            try FileManager.default.createDirectory(atPath: "\(copy)/\(folder)", withIntermediateDirectories: true)
        }
        for file in [
            "datapackage.json", "indicators.csv", "indicators_wide.csv", "changes.csv", "sdmx/data.csv", "sdg/data.csv",
        ] {
            try FileManager.default.copyItem(atPath: "\(Self.release)/\(file)", toPath: "\(copy)/\(file)")
        }
        try FileManager.default.createDirectory(atPath: "\(copy)/quality/quarantine", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: "\(Self.release)/quality/quarantine/jam_sectors.csv",
            toPath: "\(copy)/quality/quarantine/jam_sectors.csv")
        var lines = read("\(copy)/indicators.csv").split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: ",A", with: ",Z")
        lines[2] = lines[2].components(separatedBy: ",").enumerated().map { $0.offset == 7 ? "n/a" : $0.element }
            .joined(separator: ",")
        lines.append(lines[3])
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: "\(copy)/indicators.csv", atomically: true, encoding: .utf8)
        let r = try Self.frictionless("\(copy)/datapackage.json")
        #expect(r.status != 0)
        #expect(Self.verdicts(r.stdout)["indicators"] == false)
        for error in ["constraint-error", "type-error", "primary-key"] { #expect(r.stdout.contains(error), "\(error)") }
    }
}
