import EMPCore
import Foundation
import Testing

/// What sdmx1 read of a release, as `tools/sdmx-check.py` prints it (JSON); without the venv
/// `make test` installs, the test fails saying so.
func sdmxCheck(_ release: String, keys: [String] = [], sdgKeys: [String] = []) throws -> String {
    let arguments =
        ["\(repositoryRoot)/tools/sdmx-check.py", release] + keys.flatMap { ["--key", $0] }
        + sdgKeys.flatMap { ["--sdg-key", $0] }
    let r = try run(try pythonClient(), arguments)
    #expect(r.status == 0, "tools/sdmx-check.py: \(r.stderr)")
    return r.stdout
}

/// A row of `indicators.csv` as the key of the SDMX data structure (its dimensions in order).
func sdmxKey(_ row: [String: String]) -> String {
    ["ref_area", "indicator", "sex", "counterpart_area", "sector", "time_period"].map { row[$0] ?? "" }
        .joined(separator: ",")
}

/// The SDG report's key of a row: series, the country's M49 code as the SDG area list writes
/// it (no leading zeros), year.
func sdgKey(_ row: [String: String], iso: ISOCodes) -> String {
    let m49 = iso.countries[row["ref_area"] ?? ""].flatMap { Int($0.numeric) }.map(String.init) ?? "?"
    return "BX_TRF_PWKR,\(m49),\(row["time_period"] ?? "")"
}

/// What sdmx1 read, checked against `indicators.csv`: every row is an observation (a missing
/// value an empty OBS_VALUE with its flag), every code is in its code list, the structure is
/// valid SDMX-ML 2.1, and the spot values and flags are those of the table.
func expectSDMX(_ json: String, rows: [[String: String]], spots: [[String: String]], dataflow: String) {
    let read = jsonObject(json), sdmx = read["sdmx"] as? [String: Any] ?? [:]
    #expect(sdmx["observations"] as? Int == rows.count)
    #expect(sdmx["datasets"] as? Int == 1)
    #expect(sdmx["dataflow"] as? String == dataflow)
    #expect(sdmx["ragged_rows"] as? Int == 0)
    for key in ["codes_outside", "schema_errors", "columns_missing"] {
        #expect((sdmx[key] as? [String]) == [], "\(key): \(sdmx[key] ?? "none")")
    }
    #expect((read["warnings"] as? [String]) == [], "sdmx1 warned: \(read["warnings"] ?? "")")
    let values = sdmx["values"] as? [String: [String: String]] ?? [:]
    for row in spots {
        let v = values[sdmxKey(row)]
        #expect(v?["OBS_VALUE"] == row["obs_value"] && v?["OBS_STATUS"] == row["obs_status"], "\(sdmxKey(row))")
        #expect(v?["UNIT_MEASURE"] == row["unit_measure"] && v?["UNIT_MULT"] == "0", "\(sdmxKey(row))")
        #expect(v?["RANK"] == (row["rank"] == "_Z" ? "" : row["rank"]), "\(sdmxKey(row))")
    }
}

/// The SDG report read against the SDG data structure: its columns in the structure's order,
/// one observation per value of remit_in_pct_gdp, no breakdown, the values of the table.
func expectSDG(_ json: String, rows: [[String: String]], spot: [String: String], iso: ISOCodes) {
    let sdg = jsonObject(json)["sdg"] as? [String: Any] ?? [:]
    #expect(
        sdg["columns"] as? [String] == [
            "STRUCTURE", "STRUCTURE_ID", "ACTION", "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE",
            "URBANISATION", "INCOME_WEALTH_QUANTILE", "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN",
            "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY", "PRODUCT", "TIME_PERIOD", "OBS_VALUE",
            "OBS_STATUS", "UNIT_MULT", "UNIT_MEASURE",
        ])
    // The SDG series: 17.3.2 and, where refugees by origin are given, 10.7.4 (issue 14).
    let remittances = rows.filter {
        ["remit_in_pct_gdp", "sdg_10_7_4"].contains($0["indicator"] ?? "") && $0["obs_value"] != ""
    }
    #expect(sdg["observations"] as? Int == remittances.count)
    #expect(sdg["empty_values"] as? Int == 0)
    let breakdowns = sdg["breakdowns"] as? [String: [String]] ?? [:]
    #expect(breakdowns.count == 11 && breakdowns.values.allSatisfy { $0 == ["_T"] }, "\(breakdowns)")
    let v = (sdg["values"] as? [String: [String: String]])?[sdgKey(spot, iso: iso)]
    #expect(v?["OBS_VALUE"] == spot["obs_value"] && v?["OBS_STATUS"] == spot["obs_status"], "\(spot)")
    #expect(v?["UNIT_MEASURE"] == "PT" && v?["UNIT_MULT"] == "0")
}

/// The SDMX outputs of a release (issue 11, parts 4 and 5) as the client SDMX users run reads
/// them: sdmx1 reads `sdmx/structure.xml`, then `sdmx/data.csv` with its dataflow, and
/// `sdg/data.csv` against the SDG data structure (tools/sdmx-check.py).
@Suite(.serialized) struct SDMXTests {
    @Test func sdmx1ReadsTheDefaultReleaseWithItsStructureAndFindsTheValuesOfIndicatorsCSV() throws {
        let dir = try scratchDir("emp-sdmx")
        defer { removeOutput("\(dir)/out") }
        let r = try emp(["run", "pipelines/default.yml", "--output", "\(dir)/out"], cwd: repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = csvRows("\(dir)/out/indicators.csv")
        func first(_ test: @escaping ([String: String]) -> Bool) throws -> [String: String] {
            try #require(rows.first(where: test))
        }
        // A count, a share with a flag, a value that is missing (its flag kept), a ranked partner.
        let spots = [
            try first { $0["ref_area"] == "MDA" && $0["indicator"] == "net_migration" && $0["time_period"] == "2019" },
            try first { $0["indicator"]!.hasPrefix("share_") && $0["obs_value"] != "" && $0["obs_status"] != "A" },
            try first { $0["obs_value"] == "" },
            try first { $0["ref_area"] == "MDA" && $0["indicator"] == "top_corridor_emi_outflow" && $0["rank"] == "2" },
        ]
        #expect(spots[0]["obs_value"] == "-1100" && spots[0]["obs_status"] == "A")
        let remittance = try first {
            $0["ref_area"] == "MDA" && $0["indicator"] == "remit_in_pct_gdp" && $0["time_period"] == "2019"
        }
        let iso = try ISOCodes.load()
        let json = try sdmxCheck("\(dir)/out", keys: spots.map(sdmxKey), sdgKeys: [sdgKey(remittance, iso: iso)])
        expectSDMX(json, rows: rows, spots: spots, dataflow: "EMP:DF_MIGRATION(1.0)")
        expectSDG(json, rows: rows, spot: remittance, iso: iso)
        let sdmx = jsonObject(json)["sdmx"] as? [String: Any] ?? [:]
        #expect(
            sdmx["dimensions"] as? [String] == [
                "REF_AREA", "INDICATOR", "SEX", "COUNTERPART_AREA", "SECTOR", "TIME_PERIOD",
            ])
        // The code lists are emp's full lists (no code of the data is outside them, above).
        let lists = sdmx["codelists"] as? [String: Int] ?? [:]
        #expect(lists["CL_INDICATOR"] ?? 0 >= Set(rows.map { $0["indicator"]! }).count)
        #expect(lists["CL_AREA"] ?? 0 > 249, "every ISO 3166-1 country, Kosovo and the totals")
    }

    /// The pipeline's `sdmx:` names the structures; the defaults written out change nothing
    /// (the digests of a pipeline without `sdmx:` stay), another agency renders every country
    /// again, with its identity in every row and in the structure.
    @Test func theAgencyAndIdsComeFromThePipelineAndAChangedOneRendersEveryCountryAgain() throws {
        let dir = try scratchDir("emp-sdmx-settings")
        let out = "\(dir)/out"
        defer { removeOutput(out) }
        let plain = try defaultPipelineCopy(in: dir, name: "plain.yml")
        let defaults = try defaultPipelineCopy(in: dir, name: "defaults.yml") {
            $0 + "sdmx: { agency: EMP, dataflow: DF_MIGRATION, version: \"1.0\" }\n"
        }
        let office = try defaultPipelineCopy(in: dir, name: "office.yml") {
            $0 + "sdmx: { agency: IOM.MD, dataflow: DF_EMP, dsd: DSD_EMP, version: \"2.1\" }\n"
        }
        #expect(try emp(["run", plain, "--output", out]).status == 0)
        let indicators = read("\(out)/indicators.csv")
        let second = try emp(["run", defaults, "--output", out])
        #expect(second.stdout.contains("nothing changed since run 1"), "\(second.stdout)")
        let third = try emp(["run", office, "--output", out])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("4 computed, no change"), "\(third.stdout)")
        let data = read("\(out)/sdmx/data.csv").split(separator: "\n").dropFirst()
        #expect(!data.isEmpty && data.allSatisfy { $0.hasPrefix("dataflow,IOM.MD:DF_EMP(2.1),I,") })
        let structure = read("\(out)/sdmx/structure.xml")
        #expect(
            structure.contains("<str:Dataflow id=\"DF_EMP\" agencyID=\"IOM.MD\" version=\"2.1\" isFinal=\"false\">"))
        #expect(structure.contains("<Ref id=\"DSD_EMP\" agencyID=\"IOM.MD\" version=\"2.1\" package=\"datastructure\""))
        #expect(read("\(out)/indicators.csv") == indicators)
        expectSDMX(
            try sdmxCheck(out), rows: csvRows("\(out)/indicators.csv"), spots: [], dataflow: "IOM.MD:DF_EMP(2.1)")
        let fourth = try emp(["run", office, "--output", out])
        #expect(fourth.stdout.contains("nothing changed since run 3"), "\(fourth.stdout)")
    }
}
