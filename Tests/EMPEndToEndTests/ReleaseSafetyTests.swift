import Foundation
import GRDB
import Testing

/// A release never loses what was published (issue 18), on the built binary: emp refuses
/// folders it does not own, a failed source publishes nothing, a filter typo or a shrinking
/// delivery is stopped — each time the user's files and the previous release stay byte for byte.
@Suite(.serialized) struct ReleaseSafetyTests {
    let pipeline = "\(repositoryRoot)/pipelines/default.yml"

    func run(
        _ out: String, _ extra: [String] = [], pipeline: String? = nil, cwd: String = repositoryRoot
    ) throws -> Exec {
        try emp(["run", pipeline ?? self.pipeline, "--output", out] + extra, cwd: cwd)
    }

    func pipelineCopy(in dir: String, name: String = "edited.yml", _ edit: (String) -> String) throws -> String {
        try defaultPipelineCopy(in: dir, name: name, edit)
    }

    // Case 1: `--output` naming a folder emp never wrote, a file, or a link.
    @Test func foldersFilesAndLinksEmpDoesNotOwnAreRefusedAndLeftAlone() throws {
        let dir = try scratchDir("emp-safety")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mywork = "\(dir)/mywork"
        try FileManager.default.createDirectory(atPath: "\(mywork)/sub", withIntermediateDirectories: true)
        try "my thesis".write(toFile: "\(mywork)/thesis.docx", atomically: true, encoding: .utf8)
        try "a".write(toFile: "\(mywork)/sub/a", atomically: true, encoding: .utf8)
        let before = snapshot(mywork, excluding: [])
        let foreign = try run(mywork)
        #expect(foreign.status == 73)
        #expect(
            foreign.stderr.contains("--output \(mywork) is a folder emp did not write (it holds sub/, thesis.docx)"))
        #expect(foreign.stderr.contains("Nothing was changed"))
        #expect(snapshot(mywork, excluding: []) == before)
        #expect(
            !pathExists("\(mywork).emp.sqlite") && !pathExists("\(mywork).emp.sqlite.lock"),
            "no store or lock beside a refused folder")
        let asJSON = try run(mywork, ["--json"])
        #expect(asJSON.status == 73)
        #expect(
            jsonObject(asJSON.stdout)["outcome"] as? String == "error"
                && jsonObject(asJSON.stdout)["exit_code"] as? Int == 73,
            "scripts get one JSON object on an error too")

        let file = "\(dir)/notes.txt"
        try "keep me".write(toFile: file, atomically: true, encoding: .utf8)
        let onFile = try run(file)
        #expect(onFile.status == 73)
        #expect(onFile.stderr.contains("--output \(file) is a file, not a folder emp wrote; nothing was changed"))
        #expect(read(file) == "keep me")

        // A link to a real release: refused, the link stays a link, the release is untouched.
        let release = "\(dir)/release"
        #expect(try run(release, ["--quiet"]).status == 0)
        let published = snapshot(release, excluding: [])
        let link = "\(dir)/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: release)
        let linked = try run(link)
        #expect(linked.status == 73)
        #expect(linked.stderr.contains("--output \(link) is a symbolic link (to \(release))"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == release)
        #expect(snapshot(release, excluding: []) == published)
        #expect(!pathExists("\(link).emp.sqlite"))

        // An empty folder holds nothing to lose: emp uses it and marks it as its own.
        let empty = "\(dir)/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try run(empty, ["--quiet"]).status == 0)
        #expect(read("\(empty)/.emp-release").contains("\"store\": \"\(try StoreRouting.location(beside: empty))\""))
        // A --store that is not emp's: a text file, left as it is.
        let notes = "\(dir)/store.txt"
        try "not a database".write(toFile: notes, atomically: true, encoding: .utf8)
        let foreignStore = try run("\(dir)/fresh", ["--store", notes])
        #expect(foreignStore.status == 73)
        #expect(foreignStore.stderr.contains("\(notes) is not an emp store: it is not an SQLite database"))
        #expect(read(notes) == "not a database")
        #expect(!pathExists("\(dir)/fresh"))
        // Inside a release (which its next run replaces whole): refused, nothing created.
        let inside = try run("\(release)/sub")
        #expect(inside.status == 73)
        #expect(inside.stderr.contains("--output \(release)/sub is inside \(release), which holds an emp release"))
        let storeInside = try run("\(dir)/new", ["--store", "\(release)/s.sqlite"])
        #expect(storeInside.status == 73)
        let storeInOutput = try run("\(dir)/new", ["--store", "\(dir)/new/s.sqlite"])
        #expect(storeInOutput.status == 73)
        #expect(storeInOutput.stderr.contains("is inside the output folder"))
        #expect(!pathExists("\(dir)/new"))
        #expect(snapshot(release, excluding: []) == published)
        // A folder with an emp run.json (as an emp before markers wrote) and a file of the user's.
        let legacy = "\(dir)/legacy"
        try FileManager.default.createDirectory(atPath: legacy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(release)/run.json", toPath: "\(legacy)/run.json")
        try "precious".write(toFile: "\(legacy)/important.txt", atomically: true, encoding: .utf8)
        let mixed = try run(legacy)
        #expect(mixed.status == 73)
        #expect(mixed.stderr.contains("(it holds important.txt, run.json)"))
        #expect(read("\(legacy)/important.txt") == "precious")
        // An SQLite database of someone else's as --store: refused before the lock files are made.
        let foreignDB = "\(dir)/people.db"
        let queue = try DatabaseQueue(path: foreignDB)
        try queue.write { try $0.execute(sql: "CREATE TABLE people (name TEXT)") }
        try queue.close()
        let people = try run("\(dir)/fresh", ["--store", foreignDB])
        #expect(people.status == 73)
        #expect(people.stderr.contains("it is an SQLite database with other tables (people) and not emp's"))
        #expect(!pathExists("\(foreignDB).lock") && !pathExists("\(dir)/.emp-lock.people.db"))
        // A release of another store is refused too.
        let other = try run(release, ["--store", "\(dir)/other.emp.sqlite"])
        #expect(other.status == 73)
        #expect(
            other.stderr.contains(
                "holds a release published from the store \(try StoreRouting.location(beside: release))"))
        #expect(snapshot(release, excluding: []) == published)
    }

    // Case 2: a source that fails publishes nothing; `on_failure: keep_previous` publishes it stale.
    @Test func aFailedSourcePublishesNothingAndKeepPreviousPublishesItStale() throws {
        let dir = try scratchDir("emp-safety")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/out"
        #expect(try run(out, ["--quiet"]).status == 0)
        let release = snapshot(out, excluding: [])
        let original = read("\(repositoryRoot)/datasets/bangladesh/bmet-overseas-employment.csv")
        #expect(original.hasPrefix("Country,"))
        let bad = "\(dir)/bmet.csv"
        try ("Country_renamed" + original.dropFirst("Country".count)).write(
            toFile: bad, atomically: true, encoding: .utf8)
        let failed = try run(out, ["--source", "bgd_outflows=\(bad)"])
        #expect(failed.status == 1)
        #expect(
            failed.stderr.contains("emp: source bgd_outflows failed: missing-column: the file has no column 'Country'"))
        #expect(
            failed.stdout.contains(
                "; FAILED: bgd_outflows; nothing published, the release of run 1 stays → \(out)-failed"))
        #expect(snapshot(out, excluding: []) == release, "the previous release, byte for byte (run.json included)")
        // The failed run's report is beside the release, not in it.
        #expect(read("\(out)-failed/quality/summary.txt").contains("bgd_outflows (\(bad)): FAILED: missing-column"))
        #expect(read("\(out)-failed/.emp-release").contains("\"kind\": \"failed-run\""))
        let status = try emp(["status", pipeline, "--output", out], cwd: repositoryRoot).stdout
        #expect(status.contains("#2 run") && status.contains(" failed exit 1"))
        #expect(status.contains("bgd_outflows  imported"), "the source's current batch is still its last good one")
        #expect(
            jsonObject(try emp(["diff", pipeline, "--output", out, "--json"], cwd: repositoryRoot).stdout)["run"]
                as? Int == 1)
        // The fixed file: nothing changed since run 1, and the failed report is gone.
        // A --source with the bytes of another source's file: published, and said.
        let mali = "\(repositoryRoot)/datasets/mali/migrant-stocks-2020.csv"
        let same = try run("\(dir)/same", ["--source", "jam_stocks=\(mali)"])
        #expect(
            same.stderr.contains("emp: warning: jam_stocks: --source gives the same bytes as the file of mli_stocks"))
        // A delivery imported from another file is not dropped in silence by the next run.
        let revisedFile = "\(dir)/bmet-revised.csv"
        try original.replacingOccurrences(of: "BGD,2016,SAU,Female,22902,", with: "BGD,2016,SAU,Female,22903,")
            .write(toFile: revisedFile, atomically: true, encoding: .utf8)
        #expect(
            try emp(
                ["import", pipeline, "--output", out, "--source", "bgd_outflows=\(revisedFile)"], cwd: repositoryRoot
            ).status == 0)
        let fixed = try run(out, ["--json"])
        #expect(
            (jsonObject(fixed.stdout)["warnings"] as? [String])?.contains {
                $0.hasPrefix("bgd_outflows: the batch read from \(revisedFile)")
                    && $0.contains("never published, is not used")
            } == true)
        #expect(jsonObject(fixed.stdout)["outcome"] as? String == "unchanged")
        #expect(!pathExists("\(out)-failed"))

        let keep = try pipelineCopy(in: dir, name: "keep.yml") {
            $0.replacingOccurrences(
                of: "  - name: bgd_outflows\n", with: "  - name: bgd_outflows\n    on_failure: keep_previous\n")
        }
        let kept = "\(dir)/kept"
        #expect(try run(kept, ["--quiet"], pipeline: keep).status == 0)
        let keptRelease = snapshot(kept)
        let stale = try run(kept, ["--source", "bgd_outflows=\(bad)"], pipeline: keep)
        #expect(stale.status == 0)
        #expect(
            stale.stdout.contains("; STALE: bgd_outflows (delivery failed, last good batch published); 1 warning; ok"))
        #expect(stale.stderr.contains("emp: warning: bgd_outflows: STALE: its delivery \(bad) failed (missing-column"))
        for file in ["indicators.csv", "indicators_wide.csv", "profiles/BGD.json"] {
            #expect(snapshot(kept)[file] == keptRelease[file], "\(file)")
        }
        let manifest = jsonObject(read("\(kept)/run.json"))
        #expect(manifest["stale"] as? [String] == ["bgd_outflows"])
        #expect(read("\(kept)/quality/summary.txt").contains("bgd_outflows: STALE"))
        #expect(read("\(kept)-failed/quality/summary.txt").contains("FAILED: missing-column"))
        #expect(
            try emp(["status", keep, "--output", kept], cwd: repositoryRoot).stdout.contains("STALE: bgd_outflows"))
    }

    // Case 3: a filter value that matches no row fails its source; nothing is withdrawn.
    @Test func aFilterTypoFailsItsSourceAndTheReleaseStays() throws {
        let dir = try scratchDir("emp-safety")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tsv = "\(repositoryRoot)/datasets/real-world/eurostat-tsv-flags/tps00177.tsv"
        func pipeline(_ agedef: String) throws -> String {
            let path = "\(dir)/eurostat.yml"
            try """
            version: 1
            name: eurostat
            sources:
              - name: eurostat_emigration
                domain: outflows
                path: \(tsv)
                layout: { kind: eurostat-tsv }
                columns: { ref_area: geo }
                filter: { agedef: \(agedef) }
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let out = "\(dir)/out"
        #expect(try run(out, ["--quiet"], pipeline: try pipeline("COMPLET")).status == 0)
        let release = snapshot(out, excluding: [])
        #expect(
            release["indicators.csv"].map { String(decoding: $0, as: UTF8.self).contains("AUT,emi_outflow,") } == true)
        let typo = try run(out, pipeline: try pipeline("COMPLETE"))
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("agedef=COMPLETE matched no row; the column has COMPLET, REACH"))
        #expect(snapshot(out, excluding: []) == release)
    }

    // Case 6: the README's cron line with a bad delivery of a source that sets no max_error_rate.
    @Test func theCronLineStopsAnEmptyOrMostlyRejectedDelivery() throws {
        let dir = try scratchDir("emp-safety")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/out"
        #expect(try run(out, ["--quiet"]).status == 0)
        let release = snapshot(out, excluding: [])
        let lines = read("\(repositoryRoot)/datasets/moldova/imigranti.csv").split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 112 && lines[0] == "tara;anul;tara_origine;sexul;persoane;nota")
        let headerOnly = "\(dir)/header.csv"
        try (lines[0] + "\n").write(toFile: headerOnly, atomically: true, encoding: .utf8)
        let empty = try emp(
            ["run", "--quiet", "--wait", pipeline, "--output", out, "--source", "mda_inflows=\(headerOnly)"],
            cwd: repositoryRoot)
        #expect(empty.status == 1)
        #expect(empty.stdout.isEmpty)
        #expect(empty.stderr.contains("emp: source mda_inflows failed"))
        #expect(empty.stderr.contains("FAILED: mda_inflows; nothing published, the release of run 1 stays"))
        #expect(snapshot(out, excluding: []) == release)
        // 105 of 110 rows rejected (a bad year): accepted within the source's policy, but the
        // delivery shrank to 5 rows from 110 and would withdraw 83 published numbers.
        let broken = "\(dir)/broken.csv"
        let rows = lines.enumerated().map { i, line -> String in
            guard (1...105).contains(i) else { return String(line) }
            var f = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            f[1] = "20x6"
            return f.joined(separator: ";")
        }
        try rows.joined(separator: "\n").write(toFile: broken, atomically: true, encoding: .utf8)
        let shrunk = try emp(
            ["run", "--quiet", "--wait", pipeline, "--output", out, "--source", "mda_inflows=\(broken)"],
            cwd: repositoryRoot)
        #expect(shrunk.status == 1)
        #expect(shrunk.stdout.isEmpty)
        #expect(
            shrunk.stderr.contains(
                "emp: release guard: it would withdraw 83 of the 1468 published values that have a number (5.7%, "
                    + "above the limit of 5%, max_removed_pct)"
            ))
        #expect(
            shrunk.stderr.contains(
                "a delivery shrank: mda_inflows accepted 5 of 110 rows (105 quarantined, 0 filtered); its previous "
                    + "batch had 110"
            ))
        #expect(shrunk.stderr.contains("MDA imm_inflow 2016-2019 (4)"))
        #expect(shrunk.stderr.contains("run again with --allow-removals"))
        #expect(snapshot(out, excluding: []) == release)
        // Years before the series' first value are no longer published: removed, not blanked.
        #expect(read("\(out)-failed/changes.csv").contains("MDA,imm_inflow,_T,_T,_Z,_Z,2016,removed,3600,,PS,A,\n"))
        // The next night, the same file (now the source's current batch): refused again.
        let again = try emp(
            ["run", "--quiet", pipeline, "--output", out, "--source", "mda_inflows=\(broken)"], cwd: repositoryRoot)
        #expect(again.status == 1)
        #expect(again.stderr.contains("a delivery shrank: mda_inflows accepted 5 of 110 rows"))
        #expect(again.stderr.contains("emp: warning: mda_inflows: the new delivery covers less than the previous one"))
        #expect(snapshot(out, excluding: []) == release)
        // Said on purpose: published, the removals listed in changes.csv.
        let allowed = try emp(
            ["run", "--quiet", pipeline, "--output", out, "--source", "mda_inflows=\(broken)", "--allow-removals"],
            cwd: repositoryRoot)
        #expect(allowed.status == 0)
        #expect(read("\(out)/changes.csv").contains("MDA,imm_inflow,_T,_T,_Z,_Z,2016,removed,3600,,PS,A,\n"))
    }
}
