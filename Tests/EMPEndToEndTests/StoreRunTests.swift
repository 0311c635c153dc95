import EMPEmit
import EMPCore
import EMPStore
import EMPStoreSQLite
import EMPValidate
import Foundation
import Testing

/// The store, incremental runs, `emp diff` / `emp status`, the lock, and runs stopped or
/// killed at every stage — on the default pipeline, with a revised delivery of Moldova's
/// immigration file (`--source mda_inflows=…`: the 2016 total from Ukraine 720 → 722).
@Suite(.serialized) struct StoreRunTests {
    let pipeline = "\(repositoryRoot)/pipelines/default.yml"

    /// A fresh folder for a test: outputs in `out`, the store beside them, the revised file.
    /// `store`: the `--store` arguments of the backend's fresh store (none for SQLite's default file).
    func workspace(_ backend: Backend = .sqlite) throws -> (dir: String, out: String, revised: String, store: [String])
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let original = read("\(repositoryRoot)/datasets/moldova/imigranti.csv")
        #expect(original.contains("MDA;2016;UKR;Total;720;\n"))
        let revised = "\(dir)/imigranti-revised.csv"
        try original.replacingOccurrences(of: "MDA;2016;UKR;Total;720;\n", with: "MDA;2016;UKR;Total;722;\n")
            .write(toFile: revised, atomically: true, encoding: .utf8)
        return (dir, "\(dir)/out", revised, try backend.storeArguments())
    }

    func run(_ out: String, _ extra: [String] = []) throws -> Exec {
        try emp(["run", pipeline, "--output", out] + extra, cwd: repositoryRoot)
    }

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test func aSecondRunWithNoChangeReadsNothingAndLeavesTheOutputsAlone() throws {
        let w = try workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let first = try run(w.out, ["--json"])
        #expect(first.status == 0)
        #expect((json(first.stdout)["sources_read"] as? [String])?.count == 37)
        let before = snapshot(w.out, excluding: [])
        // The store keeps each batch's provenance and the rows it set aside, row by row.
        let store = try StoreRouting.store(beside: w.out)
        let sectors = try #require(try store.currentBatches()["jam_sectors"])
        #expect(sectors.report.rowsRead == 56 && sectors.report.accepted == 55 && sectors.report.quarantined == 1)
        #expect(
            sectors.file.sha256
                == Digest.sha256Hex(path: "\(repositoryRoot)/datasets/jamaica/work-permits-by-industry.csv"))
        guard case .rows(let rejected) = try store.quarantine(batch: sectors.id) else {
            Issue.record("no rows kept"); return
        }
        #expect(rejected.rows.count == 1)
        #expect(rejected.rows.first?.rule == "bad-year;unknown-code;unknown-code")
        #expect(rejected.header.last == "permits" && rejected.rows.first?.cells.last == "51680")
        // The release's quarantine file is rendered from those values, byte for byte.
        #expect(
            read("\(w.out)/quality/quarantine/jam_sectors.csv")
                == String(decoding: QuarantineFile.render(rejected), as: UTF8.self))
        let mtime =
            try FileManager.default.attributesOfItem(atPath: "\(w.out)/indicators.csv")[.modificationDate] as? Date
        let second = try run(w.out, ["--json"])
        #expect(second.status == 0)
        let summary = json(second.stdout)
        #expect(summary["outcome"] as? String == "unchanged")
        #expect((summary["sources_read"] as? [String]) == [])
        #expect(summary["indicator_values"] as? Int == 1661)
        #expect(snapshot(w.out, excluding: []) == before, "every byte, run.json included")
        #expect(
            try FileManager.default.attributesOfItem(atPath: "\(w.out)/indicators.csv")[.modificationDate] as? Date
                == mtime)
        let text = try run(w.out)
        #expect(
            text.stdout.hasPrefix(
                "emp run default: 37 sources, 2094 rows read, 2093 accepted, 1 quarantined; 1661 indicator values for "
                    + "4 countries; nothing changed since run 1, outputs kept; ok"
            ))
        // The same bytes at another path (new times too) are hashed, found unchanged and not
        // read again; only the quality report, which names the path, is published anew.
        let population = "\(repositoryRoot)/datasets/reference/population.csv"
        let copy = "\(w.dir)/population.csv"
        try FileManager.default.copyItem(atPath: population, toPath: copy)
        let moved = json(try run(w.out, ["--json", "--source", "population=\(copy)"]).stdout)
        #expect(moved["outcome"] as? String == "published")
        #expect((moved["sources_read"] as? [String]) == [])
        #expect(moved["countries_computed"] as? Int == 0)
        #expect((moved["changes"] as? [String: Int]) == ["added": 0, "removed": 0, "revised": 0, "reflagged": 0])
        let after = snapshot(w.out, excluding: [])
        for file in [
            "indicators.csv", "indicators_wide.csv", "profiles/MDA.json", "quality/quarantine/jam_sectors.csv",
        ] {
            #expect(after[file] == before[file], "\(file)")
        }
        #expect(read("\(w.out)/quality/report.json").contains(copy))
        #expect(
            json(try run(w.out, ["--json", "--source", "population=\(copy)"]).stdout)["outcome"] as? String
                == "unchanged")
    }

    @Test func reorderedSourcesArePublishedAgainAndValidateNeverTouchesTheRelease() throws {
        let dir = try fixtureCopy("mini")
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        // The pipeline's own output folder (../output/mini beside the fixture folder).
        let out = ((dir as NSString).deletingLastPathComponent as NSString).appendingPathComponent("output/mini")
        #expect(try emp(["run", "mini.yml"], cwd: dir).status == 0)
        let release = snapshot(out, excluding: [])
        let validate = try emp(["validate", "mini.yml"], cwd: dir)
        #expect(validate.status == 0)
        #expect(validate.stdout.hasSuffix("/output/mini-validation\n"), "\(validate.stdout)")
        #expect(FileManager.default.fileExists(atPath: out + "-validation/quality/report.json"))
        #expect(snapshot(out, excluding: []) == release, "validate wrote beside the release, not over it")
        let over = try emp(["validate", "mini.yml", "--output", out], cwd: dir)
        #expect(over.status == 64)
        #expect(over.stderr.contains("that folder holds a published release"))
        #expect(snapshot(out, excluding: []) == release)
        // The same files in another order: the quality report lists them in the new order.
        let yml = read("\(dir)/mini.yml")
        let outflows = yml.range(of: "  - name: outflows")!
        let inflows = yml.range(of: "  - name: inflows")!
        let reordered =
            String(yml[..<inflows.lowerBound]) + String(yml[outflows.lowerBound...])
            + String(yml[inflows.lowerBound..<outflows.lowerBound])
        try reordered.write(toFile: "\(dir)/mini.yml", atomically: true, encoding: .utf8)
        let r = try emp(["run", "mini.yml", "--json"], cwd: dir)
        let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(summary["outcome"] as? String == "published")
        #expect((summary["sources_read"] as? [String]) == [])
        #expect(read("\(out)/indicators.csv") == String(decoding: release["indicators.csv"]!, as: UTF8.self))
        let sources = (summary["sources"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(sources == ["population", "outflows", "inflows"])
    }

    @Test func aWithdrawnRevisionLeavesTheReleaseUnchanged() throws {
        let w = try workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        #expect(try run(w.out).status == 0)
        let before = snapshot(w.out, excluding: [])
        #expect(try emp(["import", pipeline, "--output", w.out, "--source", "mda_inflows=\(w.revised)"]).status == 0)
        // Tonight's file is yesterday's again: the first batch serves again, nothing to publish.
        let r = json(try run(w.out, ["--json"]).stdout)
        #expect(r["outcome"] as? String == "unchanged")
        #expect((r["sources_read"] as? [String]) == ["mda_inflows"])
        #expect(snapshot(w.out, excluding: []) == before)
    }

    @Test func aRevisedSourceIsReadAgainAndDiffShowsExactlyTheRevisedValues() throws {
        let w = try workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        #expect(try run(w.out).status == 0)
        let before = snapshot(w.out)
        let r = try run(w.out, ["--json", "--source", "mda_inflows=\(w.revised)"])
        #expect(r.status == 0)
        let summary = json(r.stdout)
        #expect(summary["outcome"] as? String == "published")
        #expect((summary["sources_read"] as? [String]) == ["mda_inflows"])
        #expect(summary["countries_computed"] as? Int == 1, "only Moldova")
        #expect((summary["changes"] as? [String: Int]) == ["added": 0, "removed": 0, "revised": 13, "reflagged": 0])
        let changes = csvRows("\(w.out)/changes.csv")
        #expect(changes.count == 13)
        #expect(changes.allSatisfy { $0["ref_area"] == "MDA" && $0["change"] == "revised" })
        func change(_ id: String, _ year: String, counterpart: String = "_T") -> String? {
            changes.first {
                $0["indicator"] == id && $0["time_period"] == year && $0["counterpart_area"] == counterpart
            }
            .map { "\($0["old_value"]!) → \($0["new_value"]!) \($0["old_status"]!)→\($0["new_status"]!)" }
        }
        #expect(change("imm_inflow", "2016") == "3600 → 3602 A→A")
        #expect(change("net_migration", "2016") == "-1290 → -1288 A→A")
        #expect(change("imm_inflow_yoy_pct", "2017") == "5.555556 → 5.496946 A→A", "(3800 / 3602 - 1) × 100")
        #expect(change("top_corridor_imm_inflow", "2016", counterpart: "UKR") == "720 → 722 A→A")
        #expect(
            change("top_corridor_imm_inflow_share", "2016", counterpart: "UKR") == "20 → 20.04442 A→A", "722 / 3602")
        // Growth over 2016-2020 starts from the revised year; the 2016 partner shares moved (the
        // corridor costs, restored from the store for Moldova, did not).
        #expect(change("imm_inflow_cagr_pct", "2020") == "-8.170046 → -8.182796 B→B", "(2560 / 3602)^(1/4) - 1")
        #expect(change("partner_hhi_imm_inflow", "2016") == "0.18787 → 0.187952 A→A")
        // Other countries' bytes did not move.
        let after = snapshot(w.out)
        #expect(after["profiles/BGD.json"] == before["profiles/BGD.json"])
        #expect(after["profiles/MLI.json"] == before["profiles/MLI.json"])
        #expect(after["profiles/MDA.json"] != before["profiles/MDA.json"])
        let diff = try emp(["diff", pipeline, "--output", w.out])
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("run #2"))
        #expect(diff.stdout.contains("13 revised, 0 re-flagged, 0 added, 0 removed"))
        #expect(diff.stdout.contains("MDA (13)\n"))
        #expect(diff.stdout.contains("revised    imm_inflow 2016: 3600 [A] → 3602 [A]"))
        let diffJSON = json(try emp(["diff", pipeline, "--output", w.out, "--json"]).stdout)
        #expect((diffJSON["changes"] as? [[String: Any]])?.count == 13)
        // Values are JSON numbers, as scripts read them.
        let revised = (diffJSON["changes"] as? [[String: Any]])?.first { $0["indicator"] as? String == "imm_inflow" }
        #expect(
            (revised?["old_value"] as? NSNumber)?.doubleValue == 3600
                && (revised?["new_value"] as? NSNumber)?.doubleValue == 3602)
        #expect(!(revised?["old_value"] is String))
        // Back to the original file: the revision is undone, and diff says so.
        let back = try run(w.out, ["--json"])
        #expect((json(back.stdout)["sources_read"] as? [String]) == ["mda_inflows"])
        #expect(
            csvRows("\(w.out)/changes.csv").first { $0["indicator"] == "imm_inflow" && $0["time_period"] == "2016" }?[
                "new_value"] == "3600")
        #expect(
            outsideReport(snapshot(w.out, excluding: ["run.json", "changes.csv", ".emp-release"]))
                == outsideReport(before.filter { $0.key != "changes.csv" }))
    }

    /// A corridor cost counts for its receiver too, which the store keeps under the sender: a
    /// revised cost file computes every country again, and only the receiver's values move.
    @Test func aRevisedCostFileRevisesTheReceiversCosts() throws {
        let w = try workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        #expect(try run(w.out).status == 0)
        let original = read("\(repositoryRoot)/datasets/remittances/corridor-costs.csv")
        #expect(original.contains("ITA,MDA,2020Q1,2.69,\n"))
        let costs = "\(w.dir)/corridor-costs-revised.csv"
        try original.replacingOccurrences(of: "ITA,MDA,2020Q1,2.69,\n", with: "ITA,MDA,2020Q1,2.79,\n")
            .write(toFile: costs, atomically: true, encoding: .utf8)
        let r = try run(w.out, ["--json", "--source", "remittance_corridor_costs=\(costs)"])
        #expect(r.status == 0)
        #expect(json(r.stdout)["countries_computed"] as? Int == 4)
        // Italy-Moldova 2020: (2.79 + 2.49) / 2 = 2.64 instead of 2.59; Moldova's mean of four
        // corridors moves by 0.05 / 4.
        let changes = csvRows("\(w.out)/changes.csv").map {
            "\($0["ref_area"]!) \($0["indicator"]!) \($0["time_period"]!): \($0["old_value"]!) → \($0["new_value"]!)"
        }
        #expect(
            changes == [
                "MDA remit_cost_receive_avg_pct 2020: 3.04875 → 3.06125",
                "MDA remit_cost_receive_gap_to_3_pp 2020: 0.04875 → 0.06125",
            ])
    }

    @Test(arguments: Backend.forThisPass) func fullRebuildGivesTheBytesOfTheIncrementalRun(_ backend: Backend) throws {
        let a = try workspace(backend), b = try workspace(backend)
        defer { for w in [a, b] { try? FileManager.default.removeItem(atPath: w.dir) } }
        #expect(try run(a.out, a.store).status == 0)
        #expect(try run(b.out, b.store).status == 0)
        // The same revised file for both (its path is in the quality report).
        #expect(try run(a.out, a.store + ["--source", "mda_inflows=\(a.revised)"]).status == 0)
        let full = try run(b.out, b.store + ["--source", "mda_inflows=\(a.revised)", "--full", "--json"])
        #expect(full.status == 0)
        #expect((json(full.stdout)["sources_read"] as? [String])?.count == 37)
        #expect(json(full.stdout)["countries_computed"] as? Int == 4)
        let incremental = snapshot(a.out), rebuilt = snapshot(b.out)
        #expect(incremental.count == rebuilt.count)
        for (path, data) in incremental { #expect(rebuilt[path] == data, "\(path)") }
    }

    @Test(arguments: Backend.forThisPass) func importAddsBatchesAndTheNextRunPublishesThemWithoutReading(
        _ backend: Backend
    ) throws {
        let w = try workspace(backend)
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        #expect(try run(w.out, w.store).status == 0)
        let published = snapshot(w.out, excluding: [])
        let imported = try emp(
            ["import", pipeline, "--output", w.out, "--source", "mda_inflows=\(w.revised)", "--json"] + w.store)
        #expect(imported.status == 0)
        #expect(json(imported.stdout)["outcome"] as? String == "imported")
        #expect((json(imported.stdout)["sources_read"] as? [String]) == ["mda_inflows"])
        #expect(snapshot(w.out, excluding: []) == published, "import publishes nothing")
        let r = try run(w.out, w.store + ["--json", "--source", "mda_inflows=\(w.revised)"])
        #expect((json(r.stdout)["sources_read"] as? [String]) == [])
        #expect((json(r.stdout)["changes"] as? [String: Int])?["revised"] == 13)
        let status = try emp(["status", pipeline, "--output", w.out] + w.store)
        #expect(status.status == 0)
        #expect(status.stdout.contains("mda_inflows  imported"))
        #expect(
            status.stdout.contains(
                "MDA: duration 2016-2020; gdp 2015-2020; inflows 2016-2020; measures 2016-2020; outflows 2016-2020; "
                    + "population 2015-2020; protection 2016-2020; remittances 2016-2020; sectors 2018-2020; "
                    + "skills 2018-2020; stocks 2020"
            ))
        #expect(status.stdout.contains("#3 run"))
        #expect(status.stdout.contains("#2 import"))
        #expect(status.stdout.contains(": 1 read") == false, "the run read nothing")
        #expect(status.stdout.contains("0 read, 1 computed, 1661 values for 4 countries (0 added, 13 revised"))
    }

    /// Two emp processes on one store: the second exits 75 naming the first, or waits for it.
    @Test(arguments: Backend.forThisPass) func aSecondRunExitsWithTheLockCodeOrWaits(_ backend: Backend) throws {
        let w = try workspace(backend)
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let holder = try Background(["run", pipeline, "--output", w.out] + w.store, failpoint: "before-swap")
        try holder.waitFor("at failpoint before-swap")
        let second = try run(w.out, w.store)
        #expect(second.status == 75)
        #expect(
            second.stderr.contains("pid \(holder.process.processIdentifier): emp run"),
            "names the running process: \(second.stderr)")
        #expect(second.stderr.contains("--wait"))
        let gaveUp = try Background(["run", pipeline, "--output", w.out, "--wait"] + w.store)
        usleep(300_000)
        #expect(gaveUp.process.isRunning, "waits for the lock")
        gaveUp.process.terminate()
        #expect(gaveUp.finish() == 143, "SIGTERM ends the wait")
        #expect(read(gaveUp.stderrPath).contains("while waiting for the store lock"))
        let waiting = try Background(["run", pipeline, "--output", w.out, "--wait", "--json"] + w.store)
        usleep(500_000)
        #expect(waiting.process.isRunning, "waits for the lock")
        holder.process.interrupt()  // SIGINT: the holder stops before swapping its outputs in
        #expect(holder.finish() == 130)
        #expect(!FileManager.default.fileExists(atPath: "\(w.out)/run.json"), "the stopped run published nothing")
        #expect(waiting.finish() == 0)
        #expect(json(read(waiting.stdoutPath))["outcome"] as? String == "published")
        let status = try emp(["status", pipeline, "--output", w.out] + w.store)
        #expect(status.stdout.contains("#1 run"))
        #expect(status.stdout.contains("stopped exit 130"))
    }

    @Test func sigtermStopsAtTheNextSafePoint() throws {
        let w = try workspace()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        #expect(try run(w.out).status == 0)
        let before = snapshot(w.out, excluding: [])
        let r = try Background(
            ["run", pipeline, "--output", w.out, "--source", "mda_inflows=\(w.revised)"], failpoint: "writing")
        try r.waitFor("at failpoint writing")
        r.process.terminate()
        #expect(r.finish() == 143)
        #expect(read(r.stderrPath).contains("stopped by SIGTERM before publishing"))
        #expect(snapshot(w.out, excluding: []) == before)
        #expect(try emp(["status", pipeline, "--output", w.out]).stdout.contains("stopped exit 143"))
    }

    /// A run killed with SIGKILL at each stage leaves a complete release and a consistent
    /// store; the next run produces the bytes of a run never interrupted.
    @Test(
        arguments: [
            "imported:population", "saving:mda_inflows", "imported:mda_inflows", "writing", "before-swap", "after-swap",
            "publishing", "after-publish",
        ], Backend.forThisPass)
    func aRunKilledAnywhereIsRepairedByTheNextRun(point: String, backend: Backend) throws {
        let reference = try workspace(), w = try workspace(backend)
        defer { for x in [reference, w] { try? FileManager.default.removeItem(atPath: x.dir) } }
        #expect(try run(reference.out).status == 0)
        #expect(try run(reference.out, ["--source", "mda_inflows=\(w.revised)"]).status == 0)
        #expect(try run(w.out, w.store).status == 0)
        let previous = snapshot(w.out, excluding: [])
        let killed = try Background(
            ["run", pipeline, "--output", w.out, "--source", "mda_inflows=\(w.revised)"] + w.store, failpoint: point)
        try killed.waitFor("at failpoint \(point)")
        kill(killed.process.processIdentifier, SIGKILL)
        #expect(killed.finish() == SIGKILL)
        // The output folder is one complete release: the previous one, or (killed after the swap) the new one.
        let now = snapshot(w.out, excluding: [])
        if ["after-swap", "publishing", "after-publish"].contains(point) {
            #expect(completeRelease(w.out))
            #expect(now["changes.csv"] == snapshot(reference.out)["changes.csv"])
        } else {
            #expect(now == previous)
        }
        let status = try emp(["status", pipeline, "--output", w.out, "--check"] + w.store)
        #expect(status.status == 0, "the store opens: \(status.stderr)")
        #expect(status.stdout.hasSuffix("store check: ok\n"))
        let again = try run(w.out, w.store + ["--source", "mda_inflows=\(w.revised)"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(completeRelease(w.out))
        let expected = snapshot(reference.out), got = snapshot(w.out)
        #expect(Set(got.keys) == Set(expected.keys))
        for (path, data) in expected { #expect(got[path] == data, "\(path) after a kill at \(point)") }
        if point != "after-publish" {
            #expect(try emp(["status", pipeline, "--output", w.out] + w.store).stdout.contains("interrupted"))
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: w.dir).filter { $0.hasPrefix(".out.") } == [],
            "staging removed")
    }

    /// Killed at moments spread over a full rebuild (inside store transactions too): the
    /// moments are fractions of how long the same run takes uninterrupted on this machine.
    @Test(arguments: [0.1, 0.25, 0.4, 0.55, 0.7, 0.85], Backend.forThisPass)
    func aRunKilledAtAnyMomentIsRepaired(atFraction fraction: Double, backend: Backend) throws {
        let reference = try workspace(), w = try workspace(backend)
        defer { for x in [reference, w] { try? FileManager.default.removeItem(atPath: x.dir) } }
        #expect(try run(reference.out).status == 0)
        let start = Date()
        #expect(try run(reference.out, ["--source", "mda_inflows=\(w.revised)", "--full"]).status == 0)
        let ms = Date().timeIntervalSince(start) * 1000 * fraction
        #expect(try run(w.out, w.store).status == 0)
        let killed = try Background(
            ["run", pipeline, "--output", w.out, "--source", "mda_inflows=\(w.revised)", "--full"] + w.store)
        usleep(useconds_t(ms * 1000))
        kill(killed.process.processIdentifier, SIGKILL)
        _ = killed.finish()
        #expect(completeRelease(w.out))
        #expect(
            try emp(["status", pipeline, "--output", w.out, "--check"] + w.store).stdout.hasSuffix("store check: ok\n"))
        #expect(try run(w.out, w.store + ["--source", "mda_inflows=\(w.revised)"]).status == 0)
        let expected = snapshot(reference.out), got = snapshot(w.out)
        for (path, data) in expected { #expect(got[path] == data, "\(path) after a kill at \(Int(ms)) ms") }
        #expect(got.count == expected.count)
    }

    /// Every file run.json lists is there with its hash, and nothing else.
    func completeRelease(_ out: String) -> Bool {
        guard
            let manifest = try? JSONSerialization.jsonObject(with: Data(read("\(out)/run.json").utf8))
                as? [String: Any],
            let outputs = manifest["outputs"] as? [[String: Any]]
        else { return false }
        let files = snapshot(out)
        guard Set(outputs.compactMap { $0["path"] as? String }) == Set(files.keys) else { return false }
        return outputs.allSatisfy { o in
            guard let path = o["path"] as? String, let data = files[path] else { return false }
            return Digest.sha256Hex(data) == o["sha256"] as? String
        }
    }
}
