import Foundation
import GRDB
import Testing

/// What a release is computed from and kept with (issue 18): an upgrade recomputes, missing
/// denominators are said aloud, and a store or output that cannot be trusted is refused.
@Suite(.serialized) struct ReleaseTrustTests {
    let pipeline = "\(repositoryRoot)/pipelines/default.yml"

    func run(
        _ out: String, _ extra: [String] = [], pipeline: String? = nil, cwd: String = repositoryRoot,
        env: [String: String] = [:]
    ) throws -> Exec {
        try emp(["run", pipeline ?? self.pipeline, "--output", out] + extra, cwd: cwd, env: env)
    }

    // Case 4: an emp whose catalogue changed recomputes, incrementally, and says so.
    @Test func anUpgradeIsRecomputedAndSaysSo() throws {
        let dir = try scratchDir("emp-trust")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/out"
        // The "older emp": the same build computing without imm_rate.
        let old = try run(out, ["--quiet"], env: ["EMP_CATALOGUE_WITHOUT": "imm_rate"])
        #expect(old.status == 0)
        #expect(!read("\(out)/indicators.csv").contains(",imm_rate,"))
        let upgraded = try run(out, ["--json"])
        #expect(upgraded.status == 0)
        let summary = jsonObject(upgraded.stdout)
        #expect(summary["outcome"] as? String == "published")
        #expect(
            summary["compute_note"] as? String
                == "emp 0.1.0 computes differently from run 1 (indicator catalogue or engine changed)")
        #expect(summary["countries_computed"] as? Int == 4)
        #expect((summary["sources_read"] as? [String]) == [], "nothing read again: the batches are the same")
        #expect((summary["changes"] as? [String: Int])?["added"] == 20)
        #expect(read("\(out)/indicators.csv").contains("MDA,imm_rate,_T,_T,_Z,_Z,2016,"))
        let fresh = "\(dir)/fresh"
        #expect(try run(fresh, ["--quiet"]).status == 0)
        #expect(
            outsideReport(snapshot(out)).filter { $0.key != "changes.csv" }
                == outsideReport(snapshot(fresh)).filter { $0.key != "changes.csv" },
            "the incremental upgrade gives a fresh run's bytes")
        let text = try run(out, env: ["EMP_CATALOGUE_WITHOUT": "imm_rate"])
        #expect(
            text.stdout.contains(
                "0 read again, emp 0.1.0 computes differently from run 2 (indicator catalogue or engine changed): 4 "
                    + "computed, 20 removed"
            ))
        #expect(
            jsonObject(try run(out, ["--json"], env: ["EMP_CATALOGUE_WITHOUT": "imm_rate"]).stdout)["outcome"]
                as? String == "unchanged")
    }

    /// An upgrade that publishes less (here: a version without the 93 published values of
    /// top_corridor_imm_inflow_share, 6% of the release) meets the guards as a delivery would:
    /// refused with what would go and a note that emp's computation changed, then allowed once.
    @Test func anUpgradeThatPublishesLessIsRefusedOnceAndSaysWhy() throws {
        let dir = try scratchDir("emp-trust")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/out"
        #expect(try run(out, ["--quiet"]).status == 0)
        let before = snapshot(out)
        let less = ["EMP_CATALOGUE_WITHOUT": "top_corridor_imm_inflow_share"]
        let refused = try run(out, ["--quiet"], env: less)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("it would withdraw 93 of the 1468 published values that have a number"))
        #expect(
            refused.stderr.contains(
                "Note: emp 0.1.0 computes differently from run 1 (indicator catalogue or engine changed); what would "
                    + "go may be what this version no longer publishes rather than a loss in the data"),
            "\(refused.stderr)")
        #expect(snapshot(out) == before, "the release stays byte for byte")
        let allowed = try run(out, ["--quiet", "--allow-removals"], env: less)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(!read("\(out)/indicators.csv").contains(",top_corridor_imm_inflow_share,"))
    }

    // Case 5: no population: rates cannot be computed, and the run says which and where.
    @Test func missingDenominatorsAreWarnings() throws {
        let dir = try scratchDir("emp-trust")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = read(pipeline).replacingOccurrences(of: "../datasets/", with: "\(repositoryRoot)/datasets/")
        let block = try #require(text.range(of: "  - name: population\n"))
        let end = try #require(text.range(of: "  - name: gdp\n"))
        text.removeSubrange(block.lowerBound..<end.lowerBound)
        let noPopulation = "\(dir)/nopop.yml"
        try text.write(toFile: noPopulation, atomically: true, encoding: .utf8)
        let warning =
            "MDA: no population for 2016-2020 (or it is zero): imm_rate, emi_rate, net_migration_rate, "
            + "imm_stock_pct_pop, emi_rate_stock, remit_in_per_capita cannot be computed for those years"
        let first = "\(dir)/first"
        let quiet = try run(first, ["--quiet"], pipeline: noPopulation)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty)
        #expect(quiet.stderr.contains("emp: warning: \(warning)"), "cron mails stderr: the warning is never silent")
        #expect(quiet.stderr.components(separatedBy: "emp: warning:").count == 5, "one per country")
        #expect(read("\(first)/quality/summary.txt").contains("warnings:\n  BGD: no population for 2016-2020"))
        #expect(
            (jsonObject(read("\(first)/run.json"))["warnings"] as? [String])?.contains { $0.hasPrefix(warning) } == true
        )
        #expect((jsonObject(read("\(first)/quality/report.json"))["warnings"] as? [String])?.count == 4)
        let summary = try run("\(dir)/second", ["--json"], pipeline: noPopulation)
        #expect((jsonObject(summary.stdout)["warnings"] as? [String])?.count == 4)
        // --strict: the warnings fail the run, nothing published.
        let strict = try run("\(dir)/strict", ["--strict"], pipeline: noPopulation)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("--strict: 4 warning(s); nothing published"))
        #expect(!pathExists("\(dir)/strict"))
        #expect(read("\(dir)/strict-failed/quality/summary.txt").contains(warning))
        // Removing the population from a published release withdraws 100 rates (84, and since issue 14
        // sdg_10_7_4 of Bangladesh and Mali, Moldova's asylum applications rate, Jamaica's 2015
        // immigrant stock share of the population): the guard stops it.
        let out = "\(dir)/out"
        #expect(try run(out, ["--quiet"]).status == 0)
        let release = snapshot(out, excluding: [])
        let dropped = try run(out, pipeline: noPopulation)
        #expect(dropped.status == 1)
        #expect(dropped.stderr.contains("it would withdraw 100 of the 1468 published values that have a number (6.8%"))
        #expect(snapshot(out, excluding: []) == release)
        #expect(try run(out, ["--quiet", "--allow-removals"], pipeline: noPopulation).status == 0)
        #expect(
            read("\(out)/changes.csv").components(separatedBy: "\n").filter {
                $0.contains(",removed,")
            }.count == 104, "the ratios' series have no value left: withdrawn whole (Jamaica's 4 gaps too)")
    }

    // Case 5b: emigrants by education without the residents by education at home: the brain
    // drain's count is published, its rate cannot be, and the run says so (issue 14, point 4).
    @Test func aMissingPopulationByEducationIsAWarning() throws {
        let dir = try scratchDir("emp-trust")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = read(pipeline).replacingOccurrences(of: "../datasets/", with: "\(repositoryRoot)/datasets/")
        for name in ["mda_population_by_education", "jam_population_by_education"] {
            let block = try #require(text.range(of: "  - name: \(name)\n"))
            let end = try #require(text[block.upperBound...].range(of: "  - name: "))
            text.removeSubrange(block.lowerBound..<end.lowerBound)
        }
        let noEducation = "\(dir)/noedu.yml"
        try text.write(toFile: noEducation, atomically: true, encoding: .utf8)
        let r = try run("\(dir)/out", ["--quiet"], pipeline: noEducation)
        #expect(r.status == 0, "\(r.stderr)")
        for country in ["JAM", "MDA"] {
            #expect(
                r.stderr.contains(
                    "emp: warning: \(country): no population by education for 2020 (or it is zero): emi_rate_tertiary "
                        + "cannot be computed for those years though their counts are there (add the "
                        + "population_by_education source, or its missing years)"), "\(r.stderr)")
        }
        #expect(r.stderr.components(separatedBy: "emp: warning:").count == 3)
        let rows = read("\(dir)/out/indicators.csv")
        #expect(rows.contains("MDA,emi_stock_tertiary,_T,_T,_Z,_Z,2020,162000,PS,A,F"))
        #expect(!rows.contains(",emi_rate_tertiary,"))
    }

    // Case 7: a store or an output that cannot be trusted is refused, never re-created.
    @Test func aStoreThatCannotBeTrustedIsRefused() throws {
        let dir = try scratchDir("emp-trust")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/out"
        #expect(try run(out, ["--quiet"]).status == 0)
        let store = try StoreRouting.location(beside: out)
        let release = snapshot(out, excluding: [])
        // A kept rendering whose bytes changed (here: replaced by other, plain bytes): found
        // before reuse, nothing published.
        let damage = "WHERE ref_area = 'MLI' AND format = 'profiles'"
        try StoreRouting.tamper(
            beside: out,
            sqlite: "UPDATE country_renderings SET content = CAST('{\"ref_area\": \"MLX\"}' AS BLOB), deflated = 0 "
                + damage,
            postgresql: "UPDATE country_renderings SET content = convert_to('{\"ref_area\": \"MLX\"}', 'UTF8'), "
                + "deflated = 0 " + damage)
        let original = read("\(repositoryRoot)/datasets/moldova/imigranti.csv")
        let revised = "\(dir)/imigranti.csv"
        try original.replacingOccurrences(of: "MDA;2016;UKR;Total;720;\n", with: "MDA;2016;UKR;Total;722;\n")
            .write(toFile: revised, atomically: true, encoding: .utf8)
        let damaged = try run(out, ["--source", "mda_inflows=\(revised)"])
        #expect(damaged.status == 74)
        #expect(damaged.stderr.contains("the rendering of MLI kept in the store \(store) is damaged"))
        #expect(snapshot(out, excluding: []) == release)
        let check = try emp(["status", pipeline, "--output", out, "--check"], cwd: repositoryRoot)
        #expect(check.stdout.contains("MLI"))
        #expect(try run(out, ["--quiet", "--full", "--source", "mda_inflows=\(revised)"]).status == 0)
        #expect(
            try emp(["status", pipeline, "--output", out, "--check"], cwd: repositoryRoot).stdout.hasSuffix(
                "store check: ok\n"))
        let repaired = snapshot(out, excluding: [])
        // The rest empties, deletes and moves the store's file; a database has no file to lose
        // (what a release folder refuses on the server: ReleaseSafetyTests, PostgresStoreRunTests).
        guard Backend.storeIsAFile else { return }

        // A store emptied to 0 bytes: refused as damaged (74), left as it is.
        let kept = try Data(contentsOf: URL(fileURLWithPath: store))
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        _ = FileManager.default.createFile(atPath: store, contents: Data())
        let empty = try run(out, ["--source", "mda_inflows=\(revised)"])
        #expect(empty.status == 74)
        #expect(empty.stderr.contains("is empty (0 bytes)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)).isEmpty)
        #expect(snapshot(out, excluding: []) == repaired)
        // A store deleted: the release names it; nothing is re-created over it.
        try FileManager.default.removeItem(atPath: store)
        let missing = try run(out, ["--source", "mda_inflows=\(revised)"])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("the store \(store) that published the release in \(out) is missing"))
        #expect(!pathExists(store))
        let importing = try emp(["import", pipeline, "--output", out], cwd: repositoryRoot)
        #expect(importing.status == 74, "emp import does not re-create it either")
        #expect(!pathExists(store))
        let status = try emp(["status", pipeline, "--output", out], cwd: repositoryRoot)
        #expect(status.status == 74)
        #expect(status.stderr.contains("that published the release in \(out) is missing"))
        try kept.write(to: URL(fileURLWithPath: store))
        #expect(
            jsonObject(try run(out, ["--json", "--source", "mda_inflows=\(revised)"]).stdout)["outcome"] as? String
                == "unchanged")

        // The output moved away from its store: detected; with --store it is the same release.
        let moved = "\(dir)/moved"
        try FileManager.default.moveItem(atPath: out, toPath: moved)
        let away = try run(moved, ["--source", "mda_inflows=\(revised)"])
        #expect(away.status == 73)
        #expect(away.stderr.contains("holds a release published from the store \(store), not from \(moved).emp.sqlite"))
        #expect(!pathExists("\(moved).emp.sqlite"))
        #expect(
            jsonObject(try run(moved, ["--json", "--store", store, "--source", "mda_inflows=\(revised)"]).stdout)[
                "outcome"] as? String == "unchanged")
        // Moved together with its store: the store's identity is the release's; accepted.
        try FileManager.default.moveItem(atPath: store, toPath: "\(moved).emp.sqlite")
        #expect(
            jsonObject(try run(moved, ["--json", "--source", "mda_inflows=\(revised)"]).stdout)["outcome"] as? String
                == "unchanged")
        try FileManager.default.moveItem(atPath: "\(moved).emp.sqlite", toPath: store)
        try FileManager.default.moveItem(atPath: moved, toPath: out)

        // The same run from another working directory: the report names the same paths.
        let elsewhere = try run(out, ["--json", "--source", "mda_inflows=\(revised)"], cwd: dir)
        #expect(jsonObject(elsewhere.stdout)["outcome"] as? String == "unchanged")

        // Deleting the lock file while a run holds it does not let a second run in.
        let beforeHolder = snapshot(out, excluding: [])
        let holder = try Background(["run", pipeline, "--output", out, "--full"], failpoint: "writing")
        try holder.waitFor("at failpoint writing")
        try FileManager.default.removeItem(atPath: "\(store).lock")
        let second = try run(out)
        #expect(second.status == 75)
        // Refused by the lock's second name (a hard link) or, were that gone too, by the ledger.
        #expect(second.stderr.contains("pid \(holder.process.processIdentifier): emp run"))
        #expect(
            second.stderr.contains("another emp holds the store lock")
                || second.stderr.contains("though its lock file is gone"))
        // Both names gone: the ledger still names the live run.
        let secondName = "\(dir)/.emp-lock.out.emp.sqlite"
        #expect(pathExists(secondName))
        try? FileManager.default.removeItem(atPath: secondName)
        try? FileManager.default.removeItem(atPath: "\(store).lock")
        let third = try run(out)
        #expect(third.status == 75)
        #expect(
            third.stderr.contains(
                "another emp is running on this store (pid \(holder.process.processIdentifier): emp run"))
        #expect(third.stderr.contains("though its lock file is gone"))
        holder.process.terminate()
        #expect(holder.finish() == 143, "the holder's staging folder was left alone")
        #expect(snapshot(out, excluding: []) == beforeHolder)
        #expect(try run(out, ["--quiet", "--source", "mda_inflows=\(revised)"]).status == 0)
    }
}
