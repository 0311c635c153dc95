import Foundation
import Testing

/// The `emp` binary on a small pipeline (Fixtures/mini): values, determinism, options, exit codes.
@Suite struct CommandLineTests {
    @Test func runWritesTheTablesWithHandComputedValues() throws {
        let dir = try fixtureCopy("mini")
        let r = try emp(["run", "mini.yml", "--output", "out"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("12 rows read, 12 accepted, 0 quarantined"))
        let rows = csvRows("\(dir)/out/indicators.csv")
        // 2019: inflows 1800 + 900 + 300 (all P), outflows 2000 + 3500,5; population 2,664,224.
        #expect(value(rows, "MDA", "imm_inflow", "2019")! == ("3000", "P"))
        #expect(value(rows, "MDA", "emi_outflow", "2019")! == ("5500.5", "A"))
        #expect(value(rows, "MDA", "net_migration", "2019")! == ("-2500.5", "P"))
        #expect(value(rows, "MDA", "net_migration_rate", "2019")! == ("-0.938547", "P"))
        #expect(value(rows, "MDA", "imm_rate", "2019")! == ("1.126031", "P"))
        #expect(value(rows, "MDA", "emi_rate", "2019")! == ("2.064579", "A"))
        #expect(value(rows, "MDA", "share_female_outflow", "2019")! == ("36.360331", "A"))
        #expect(value(rows, "MDA", "share_female_outflow", "2018")! == ("35", "A"))
        // 2019 over 2018: 3000 / 2400.
        #expect(value(rows, "MDA", "imm_inflow_yoy_pct", "2019")! == ("25", "P"))
        // No remittance source: the series does not exist (no placeholder rows), nor does any
        // indicator without input.
        #expect(value(rows, "MDA", "remit_in_usd", "2019") == nil)
        #expect(!rows.contains { $0["obs_value"] == "" }, "every row of this release has a value")
        #expect(value(rows, "MDA", "top_corridor_emi_outflow", "2019", counterpart: "RUS")! == ("3500.5", "A"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/out/profiles/MDA.json"))
        #expect(
            read("\(dir)/out/indicators_wide.csv").contains(
                "MDA,Moldova,imm_inflow,Immigrant inflow,_T,_T,_Z,_Z,PS,Persons,2400,A,3000,P"))
        #expect(read("\(dir)/out/run.json").contains("\"sha256\""))
    }

    @Test func sameInputsSameBytes() throws {
        let dir = try fixtureCopy("mini")
        #expect(try emp(["run", "mini.yml", "--output", "a"], cwd: dir).status == 0)
        #expect(try emp(["run", "mini.yml", "--output", "b"], cwd: dir).status == 0)
        let a = snapshot("\(dir)/a"), b = snapshot("\(dir)/b")
        // indicators, wide, profile and its schema, SDMX data and structure, SDG, changes, quality
        // report and summary, datapackage.json, the report's index and country page.
        #expect(a.count == 13)
        #expect(a == b)
    }

    @Test func sourceOverrideReadsTonightsFile() throws {
        let dir = try fixtureCopy("mini")
        let r = try emp(["run", "mini.yml", "--output", "out", "--source", "inflows=inflows-tonight.csv"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = csvRows("\(dir)/out/indicators.csv")
        #expect(value(rows, "MDA", "imm_inflow", "2019")! == ("2000", "B"))
        #expect(value(rows, "MDA", "imm_inflow_yoy_pct", "2019")! == ("100", "B"))
        #expect(read("\(dir)/out/run.json").contains("inflows-tonight.csv"))
    }

    @Test func validateWritesOnlyTheQualityReport() throws {
        let dir = try fixtureCopy("mini")
        let r = try emp(["validate", "mini.yml", "--output", "v"], cwd: dir)
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: "\(dir)/v/quality/report.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/v/indicators.csv"))
    }

    @Test func jsonAndQuiet() throws {
        let dir = try fixtureCopy("mini")
        let j = try emp(["run", "mini.yml", "--output", "out", "--json"], cwd: dir)
        let doc = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        #expect(doc?["exit_code"] as? Int == 0)
        #expect(doc?["rows_read"] as? Int == 12)
        #expect(doc?["countries"] as? [String] == ["MDA"])
        let q = try emp(["run", "mini.yml", "--output", "out", "--quiet"], cwd: dir)
        #expect(q.status == 0)
        #expect(q.stdout.isEmpty && q.stderr.isEmpty)
    }

    /// With --json, a script gets one JSON object on stdout whatever stops emp: a bad option
    /// (64), a missing pipeline file for a verb that reads the store (64), a bad pipeline file (78).
    @Test func jsonErrorsOnUsageAndPipelineFileErrors() throws {
        let dir = try fixtureCopy("mini")
        try "version: 1\nname: x\nsourcez: []\n".write(toFile: "\(dir)/bad.yml", atomically: true, encoding: .utf8)
        for (args, code, text) in [
            (["run", "--json", "--bogus", "mini.yml"], 64, "Unknown option '--bogus'"),
            (["status", "--json", "nope.yml"], 64, "nope.yml: no such pipeline file"),
            (["diff", "nope.yml", "--json"], 64, "no such pipeline file"),
            (["run", "bad.yml", "--json"], 78, "sourcez: unknown key"),
            (["validate", "bad.yml", "--json"], 78, "sources: required key is missing"),
        ] {
            let r = try emp(args, cwd: dir)
            let doc = jsonObject(r.stdout)
            #expect(r.status == Int32(code), "\(args)")
            #expect(doc["outcome"] as? String == "error" && doc["exit_code"] as? Int == code, "\(args): \(r.stdout)")
            #expect(doc["mode"] as? String == args[0])
            #expect((doc["error"] as? String)?.contains(text) == true, "\(args)")
            #expect((doc["problems"] as? [String])?.contains { $0.contains(text) } == true, "\(args)")
        }
    }

    /// A mistyped verb names the nearest one; the bare name the summary line uses reads
    /// `pipelines/<name>.yml`.
    @Test func aMistypedVerbIsNamedAndABareNameIsAPipeline() throws {
        let typo = try emp(["rn", "pipelines/default.yml"], cwd: repositoryRoot)
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("emp: unknown verb 'rn' (did you mean 'emp run'?); the verbs are run, import,"))
        let json = try emp(["stauts", "default", "--json"], cwd: repositoryRoot)
        #expect(
            jsonObject(json.stdout)["error"] as? String
                == "unknown verb 'stauts' (did you mean 'emp status'?); the verbs are run, import, status, diff, validate, indicators, rules, inspect, prune, store"
        )
        let dir = try scratchDir("emp-bare")
        defer { removeOutput(dir) }
        let bare = try emp(["run", "default", "--output", "\(dir)/out", "--quiet"], cwd: repositoryRoot)
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(read("\(dir)/out/run.json").contains("\"path\": \"pipelines/default.yml\""))
    }

    /// --verbose logs what a run decides, at info level, each line with its time off a terminal;
    /// EMP_LOG_LEVEL sets the level for cron; by default nothing is logged.
    @Test func theLogSaysWhatARunDecided() throws {
        let dir = try fixtureCopy("mini")
        let first = try emp(["run", "mini.yml", "--output", "out", "--quiet", "--verbose"], cwd: dir)
        #expect(first.status == 0)
        let lines = first.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("emp: info: 1 of 1 countries computed, the others published as kept") })
        #expect(
            lines.allSatisfy {
                $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ emp: "#, options: .regularExpression) != nil
            })
        #expect(first.stderr.contains(": read: never imported"))
        let again = try emp(
            ["run", "mini.yml", "--output", "out", "--quiet"], cwd: dir, env: ["EMP_LOG_LEVEL": "info"])
        #expect(
            again.stderr.contains("has its bytes and settings") && again.stderr.contains("nothing changed since run 1"))
        let debug = try emp(
            ["run", "mini.yml", "--output", "out", "--quiet", "--full", "--log-level", "debug"], cwd: dir)
        #expect(
            debug.stderr.contains("emp: debug: MDA: computed: --full") && debug.stderr.contains("read again: --full"))
        #expect(try emp(["run", "mini.yml", "--output", "out", "--quiet"], cwd: dir).stderr.isEmpty, "warning level")
        let bad = try emp(["run", "mini.yml", "--output", "out", "--log-level", "loud"], cwd: dir)
        #expect(bad.status == 64 && bad.stderr.contains("log level 'loud' is not one of trace, debug, info"))
    }

    /// On a terminal (here `script` gives emp one), stderr shows the stage with its count,
    /// percentage and elapsed time; off a terminal, and under --quiet, nothing.
    @Test func progressOnATerminalOnly() throws {
        let dir = try fixtureCopy("mini")
        let command = ([empBinary.path] + (try StoreRouting.route(["run", "mini.yml", "--output", "out"], cwd: dir)))
            .joined(separator: " ")
        let tty = try run("/usr/bin/script", ["-qc", command, "/dev/null"], cwd: dir)
        #expect(tty.status == 0, "\(tty.stdout)")
        let shown = tty.stdout.replacingOccurrences(of: "\u{1B}[2K", with: "").split(separator: "\r").map(String.init)
        #expect(
            shown.contains {
                $0.range(
                    of: #"^\[\d+\.\d s\] reading inflows \(source \d of \d\): 5 rows, \d+\.\d of \d+\.\d MB \(100%\)…"#,
                    options: .regularExpression)
                    != nil
            }, "\(shown)")
        #expect(shown.contains { $0.hasSuffix("] computing countries 1/1 (100%)…") })
        #expect(shown.contains { $0.hasSuffix("] publishing…") })
        let plain = try emp(["run", "mini.yml", "--output", "out2"], cwd: dir)
        #expect(!plain.stderr.contains("reading"), "no progress off a terminal")
        let quiet = try run("/usr/bin/script", ["-qc", command + "3 --quiet", "/dev/null"], cwd: dir)
        #expect(!quiet.stdout.contains("reading"), "nor under --quiet")
    }

    @Test func exitCodes() throws {
        let dir = try fixtureCopy("mini")
        #expect(try emp(["run", "nope.yml"], cwd: dir).status == 64)
        let unknownSource = try emp(["run", "mini.yml", "--source", "nosuch=x.csv"], cwd: dir)
        #expect(unknownSource.status == 64)
        #expect(unknownSource.stderr.contains("no source named nosuch"))
        let typo = try emp(["run", "mini.yml", "--source", "inflow=x.csv"], cwd: dir)
        #expect(typo.status == 64 && typo.stderr.contains("no source named inflow (did you mean inflows?); it has:"))
        #expect(try emp(["run", "mini.yml", "--bogus"], cwd: dir).status == 64)
        let missingFile = try emp(["run", "mini.yml", "--output", "out", "--source", "inflows=gone.csv"], cwd: dir)
        #expect(missingFile.status == 74)
        #expect(missingFile.stderr.contains("no such file"))
        try "version: 1\nname: mini\nsources:\n  - name: x\n    domain: inflow\n    path: a.csv\n".write(
            toFile: "\(dir)/broken.yml", atomically: true, encoding: .utf8)
        let broken = try emp(["run", "broken.yml"], cwd: dir)
        #expect(broken.status == 78)
        #expect(broken.stderr.contains("broken.yml:line 5: sources[0].domain: unknown domain"))
    }

    @Test func failedRunKeepsThePreviousOutput() throws {
        let dir = try fixtureCopy("mini")
        #expect(try emp(["run", "mini.yml", "--output", "out"], cwd: dir).status == 0)
        let before = snapshot("\(dir)/out")
        let gone = try emp(["run", "mini.yml", "--output", "out", "--source", "inflows=gone.csv"], cwd: dir)
        #expect(gone.status == 74)
        #expect(
            gone.stderr.contains("source inflows: \(dir)/gone.csv: unreadable-file"),
            "the path the same from any directory")
        #expect(snapshot("\(dir)/out") == before, "a source that cannot be read publishes nothing")
        let again = try emp(["run", "mini.yml", "--output", "out"], cwd: dir)
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing changed since run 1, outputs kept"))
        #expect(snapshot("\(dir)/out") == before)
    }

    @Test func catalogueListsTheIndicators() throws {
        let r = try emp(["indicators", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: String]]
        let ids = Set(list?.compactMap { $0["id"] } ?? [])
        for id in ["imm_inflow", "net_migration_rate", "remit_in_pct_gdp", "share_care_workers_<imm|emi>"] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(list?.first { $0["id"] == "remit_in_pct_gdp" }?["standard"]?.contains("SDG 17.3.2") == true)
        // Issue 14: remittance costs (SDG 10.c.1), concentration and growth over the span.
        for id in ["remit_cost_<send|receive>_above_5_pct", "partner_hhi_<x>", "<x>_cagr_pct"] {
            #expect(ids.contains(id), "\(id)")
        }
        let cost = list?.first { $0["id"] == "remit_cost_<send|receive>_avg_pct" }
        #expect(cost?["standard"]?.contains("SDG 10.c.1") == true && cost?["unit"] == "PT")
    }
}
