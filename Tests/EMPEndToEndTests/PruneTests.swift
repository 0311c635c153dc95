import EMPTestSupport
import Foundation
import Testing

/// `emp prune` (issue 15, point 4): a store that a nightly job feeds keeps the last releases
/// it is asked to and gives the space of older ones back, without touching the release.
@Suite(.serialized) struct PruneTests {
    let pipeline = "\(repositoryRoot)/pipelines/default.yml"
    let original = "\(repositoryRoot)/datasets/moldova/imigranti.csv"

    func run(_ out: String, _ extra: [String] = []) throws -> Exec {
        try emp(["run", pipeline, "--output", out, "--quiet"] + extra)
    }

    /// Night `n`: Moldova's first inflow figure raised by `n` (a revision, nothing else).
    func night(_ n: Int, in dir: String) throws -> String {
        var lines = read(original).components(separatedBy: "\n")
        var cells = lines[1].components(separatedBy: ";")
        let i = try #require(cells.indices.last { Int(cells[$0]) != nil })
        cells[i] = String(Int(cells[i])! + n)
        lines[1] = cells.joined(separator: ";")
        let path = "\(dir)/night\(n).csv"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func pruneKeepsTheLastReleasesAndTheirDiff() throws {
        let dir = try scratchDir("emp-prune")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/out"
        #expect(try run(out).status == 0)
        for n in 1...4 { #expect(try run(out, ["--source", "mda_inflows=\(try night(n, in: dir))"]).status == 0) }
        let release = snapshot(out)
        let diffBefore = try emp(["diff", pipeline, "--output", out]).stdout

        let pruned = try emp(["prune", pipeline, "--output", out, "--keep", "2", "--json"])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        let summary = jsonObject(pruned.stdout)
        #expect(summary["kept_runs"] as? [Int] == [4, 5])
        #expect(summary["pruned_runs"] as? Int == 3)
        // The batches of nights 0-2 of mda_inflows: only the kept releases' batches stay.
        #expect(summary["batches_removed"] as? Int == 3)
        #expect((summary["values_removed"] as? Int ?? 0) > 0)
        // The store's size as emp measures it (the file with its journal, or the server's tables).
        // A file shrinks (VACUUM); a server's plain VACUUM makes the space reusable without
        // handing it back, and adds its free-space maps: measured, not expected to shrink.
        let before = summary["bytes_before"] as? Int ?? 0, after = summary["bytes_after"] as? Int ?? 0
        #expect(before > 0 && after > 0)
        if Backend.storeIsAFile { #expect(after <= before, "\(after) bytes after, \(before) before") }

        #expect(snapshot(out) == release, "the release is not touched")
        #expect(try emp(["diff", pipeline, "--output", out]).stdout == diffBefore, "the last release's diff stays")
        let status = try emp(["status", pipeline, "--output", out, "--check", "--runs", "10"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("store check: ok"))
        #expect(status.stdout.contains("#1 "), "every run keeps its ledger line: \(status.stdout)")

        // A second prune finds nothing; the original file (its batch pruned) is read again and
        // gives the first release's numbers back, as release 6.
        let again = try emp(["prune", pipeline, "--output", out, "--keep", "2"])
        #expect(again.stdout.contains("nothing to prune"), "\(again.stdout)")
        let back = try emp(["run", pipeline, "--output", out, "--json"])
        #expect(back.status == 0, "\(back.stderr)")
        #expect((jsonObject(back.stdout)["sources_read"] as? [String]) == ["mda_inflows"])
        #expect(read("\(out)/report/MDA.html").contains("Release 6"))
    }

    /// A batch imported and not yet published survives a prune, and the next run publishes it.
    @Test func anImportWaitingForItsRunIsKept() throws {
        let dir = try scratchDir("emp-prune")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = "\(dir)/out"
        #expect(try run(out).status == 0)
        #expect(try run(out, ["--source", "mda_inflows=\(try night(1, in: dir))"]).status == 0)
        let waiting = try night(2, in: dir)
        #expect(try emp(["import", pipeline, "--output", out, "--source", "mda_inflows=\(waiting)"]).status == 0)
        let pruned = try emp(["prune", pipeline, "--output", out, "--keep", "1", "--json"])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(jsonObject(pruned.stdout)["batches_removed"] as? Int == 1, "night 0's batch; night 2's waits")
        let published = try emp(["run", pipeline, "--output", out, "--json", "--source", "mda_inflows=\(waiting)"])
        #expect(published.status == 0, "\(published.stderr)")
        #expect((jsonObject(published.stdout)["sources_read"] as? [String]) == [], "the imported batch is used")
    }

    @Test func keepMustBeAtLeastOneAndTheStoreMustExist() throws {
        let dir = try scratchDir("emp-prune")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let none = try emp(["prune", pipeline, "--output", "\(dir)/out", "--keep", "2"])
        #expect(none.status == 74)
        #expect(none.stderr.contains("there is no store at"))
        #expect(try run("\(dir)/out").status == 0)
        let zero = try emp(["prune", pipeline, "--output", "\(dir)/out", "--keep", "0"])
        #expect(zero.status == 64)
        #expect(zero.stderr.contains("--keep 0: keep at least the release the output folder shows"))
    }
}
