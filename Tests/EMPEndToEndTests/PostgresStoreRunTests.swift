import EMPCore
import Foundation
import Testing

/// emp on a PostgreSQL store (`--store postgresql://…`, a throw-away server of the tests):
/// the release, `emp diff` and `emp status` give what they give on SQLite, byte for byte;
/// the URL never carries a password; a server that cannot be reached is an error, never a
/// new empty store. (StoreRunTests runs the incremental, lock and kill tests on both stores.)
@Suite(.serialized) struct PostgresStoreRunTests {
    let pipeline = "\(repositoryRoot)/pipelines/default.yml"

    @Test func bothStoresPublishTheSameBytesRunAfterRun() throws {
        let dir = try scratchDir("emp-pg-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = read("\(repositoryRoot)/datasets/moldova/imigranti.csv")
        let revised = "\(dir)/imigranti-revised.csv"
        try original.replacingOccurrences(of: "MDA;2016;UKR;Total;720;\n", with: "MDA;2016;UKR;Total;722;\n")
            .write(toFile: revised, atomically: true, encoding: .utf8)
        let server = try Backend.postgresql.storeArguments()
        let stores: [(out: String, store: [String])] = [("\(dir)/sqlite/out", []), ("\(dir)/pg/out", server)]
        func both(_ args: [String]) throws -> [Exec] {
            try stores.map { try emp(args + ["--output", $0.out] + $0.store, cwd: repositoryRoot, env: goldenDate) }
        }
        let first = try both(["run", pipeline])
        #expect(first.map(\.status) == [0, 0], "\(first.map(\.stderr))")
        #expect(snapshot(stores[0].out) == snapshot(stores[1].out))
        // The summary names the output folder (and nothing of the store).
        let same = { (e: Exec) in e.stdout.replacingOccurrences(of: "\(dir)/pg/", with: "\(dir)/sqlite/") }
        #expect(first[0].stdout == same(first[1]), "\(first[1].stdout)")
        let second = try both(["run", pipeline, "--source", "mda_inflows=\(revised)", "--json"])
        #expect(second.map(\.status) == [0, 0])
        #expect(snapshot(stores[0].out) == snapshot(stores[1].out), "the incremental run too")
        let changes = second.map { (try? JSONSerialization.jsonObject(with: Data($0.stdout.utf8))) as? [String: Any] }
        #expect(
            changes.map { $0?["changes"] as? [String: Int] }
                == [["added": 0, "removed": 0, "revised": 13, "reflagged": 0]].repeated(2))
        let diffs = try both(["diff", pipeline])
        #expect(diffs.map(\.status) == [0, 0] && diffs[0].stdout.contains("13 revised"), "\(diffs[0].stdout)")
        // The first line has the run's time; every line after it is a changed value.
        #expect(
            diffs[0].stdout.split(separator: "\n").dropFirst() == diffs[1].stdout.split(separator: "\n").dropFirst())
        #expect(diffs[0].stdout.split(separator: "\n").count > 13)
        let check = try both(["status", pipeline, "--check"])
        #expect(check.map(\.status) == [0, 0], "\(check.map(\.stderr))")
        #expect(check.allSatisfy { $0.stdout.hasSuffix("store check: ok\n") })
        #expect(check[1].stdout.contains("store \(server[1])"), "status names the server's store by its URL")
        let unchanged = try both(["run", pipeline, "--source", "mda_inflows=\(revised)", "--json"])
        #expect(
            unchanged.allSatisfy {
                $0.stdout.contains("\"outcome\":\"unchanged\"") || $0.stdout.contains("\"outcome\": \"unchanged\"")
            })
    }

    /// An office server that takes only encrypted connections: the release over a verified
    /// TLS connection (sslmode and sslrootcert in the URL), the same store by another spelling
    /// of its settings, and each refusal in the server's or the certificate's words.
    @Test func aStoreReachedOnlyOverTLSPublishesAndRefusesWhatIsNotSafe() throws {
        let dir = try scratchDir("emp-pg-tls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cluster = try PostgresCluster.shared()
        let server = cluster.url(PostgresCluster.tlsDatabase)
        let verified = "\(server)?sslmode=verify-ca&sslrootcert=\(cluster.rootCertificate)"
        let out = "\(dir)/out"
        let first = try emp(
            ["run", pipeline, "--output", out, "--store", verified], cwd: repositoryRoot, env: goldenDate)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(releaseManifest(out) == goldenManifest("default"), "the golden bytes over TLS")
        #expect(read("\(out)/.emp-release").contains("\"store\": \"\(server)\""), "the database, not how to reach it")
        let same = try emp(["store", "copy", verified, server + "?sslmode=require"])
        #expect(same.status == 64 && same.stderr.contains("FROM and TO are the same store"), "\(same.stderr)")
        // The store is the database, however the connection is made: PGSSLMODE instead of the URL.
        let status = try emp(
            ["status", pipeline, "--output", out, "--store", server], cwd: repositoryRoot,
            env: ["PGSSLMODE": "require"])
        #expect(status.status == 0 && status.stdout.contains("MDA"), "\(status.stderr)")
        let plain = try emp(["status", pipeline, "--output", out, "--store", server + "?sslmode=disable"])
        #expect(plain.status == 74 && plain.stderr.contains("no encryption"), "\(plain.stderr)")
        let wrongHost = try emp(
            ["run", pipeline, "--output", out, "--store", server], cwd: repositoryRoot,
            env: ["PGSSLMODE": "verify-full", "PGSSLROOTCERT": cluster.rootCertificate])
        #expect(wrongHost.status == 74 && wrongHost.stderr.contains("cannot connect"), "\(wrongHost.stderr)")
        let untrusted = try emp(
            [
                "run", pipeline, "--output", out, "--store",
                server + "?sslmode=verify-ca&sslrootcert="
                    + cluster.otherRootCertificate,
            ], cwd: repositoryRoot)
        #expect(untrusted.status == 74 && untrusted.stderr.contains("cannot connect"), "\(untrusted.stderr)")
        #expect(releaseManifest(out) == goldenManifest("default"), "nothing refused touched the release")
    }

    @Test func aPasswordInTheURLIsRefusedBeforeAnythingIsDone() throws {
        let dir = try scratchDir("emp-pg-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let url = try Backend.postgresql.storeArguments()[1].replacingOccurrences(of: "emp@", with: "emp:secret@")
        let r = try emp(["run", pipeline, "--output", "\(dir)/out", "--store", url], cwd: repositoryRoot)
        #expect(r.status != 0)
        #expect(r.stderr.contains("PGPASSWORD"), "\(r.stderr)")
        #expect(!r.stderr.contains("secret") && !r.stdout.contains("secret"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
    }

    @Test func aServerThatCannotBeReachedIsAnErrorNotANewStore() throws {
        let dir = try scratchDir("emp-pg-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cluster = try PostgresCluster.shared()
        let nowhere = "postgresql://emp@127.0.0.1:\(try PostgresCluster.freePort())/x"
        let r = try emp(["run", pipeline, "--output", "\(dir)/out", "--store", nowhere], cwd: repositoryRoot)
        #expect(r.status == 74, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("cannot connect"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
        let status = try emp(["status", pipeline, "--output", "\(dir)/out", "--store", cluster.url("nosuchdb")])
        #expect(status.status != 0 && status.stderr.contains("nosuchdb"), "\(status.stderr)")
    }
}

extension Array {
    func repeated(_ n: Int) -> [Element] { (0..<n).flatMap { _ in self } }
}

/// `emp store copy`: an office's history moved to the server and back carries on where it
/// stopped — same releases, same diff, the output folder still its own — and a store that
/// already holds a history is never written over.
@Suite(.serialized) struct StoreCopyTests {
    let pipeline = "\(repositoryRoot)/pipelines/default.yml"

    @Test func aHistoryCopiedToTheServerAndBackCarriesOn() throws {
        let dir = try scratchDir("emp-store-copy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = read("\(repositoryRoot)/datasets/moldova/imigranti.csv")
        let revised = "\(dir)/imigranti-revised.csv"
        try original.replacingOccurrences(of: "MDA;2016;UKR;Total;720;\n", with: "MDA;2016;UKR;Total;722;\n")
            .write(toFile: revised, atomically: true, encoding: .utf8)
        let out = "\(dir)/out", first = "\(dir)/first.emp.sqlite", back = "\(dir)/back.emp.sqlite"
        let server = try Backend.postgresql.storeArguments()[1]
        func run(_ store: String, _ extra: [String] = []) throws -> Exec {
            try emp(["run", pipeline, "--output", out, "--store", store] + extra, cwd: repositoryRoot, env: goldenDate)
        }
        #expect(try run(first).status == 0)
        #expect(try run(first, ["--source", "mda_inflows=\(revised)"]).status == 0)
        let release = snapshot(out)
        let diff = try emp(["diff", pipeline, "--output", out, "--store", first]).stdout

        let there = try emp(["store", "copy", first, server])
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.contains("2 run(s), "), "\(there.stdout)")
        #expect(there.stdout.hasSuffix("store check: ok\n"))
        for store in [server, back] {
            if store == back {
                let home = try emp(["store", "copy", server, back, "--json"])
                #expect(home.status == 0, "\(home.stderr)")
                #expect(home.stdout.contains("\"runs\""), "\(home.stdout)")
            }
            // The copy is the same history: the same file again changes nothing, the diff is the last run's.
            let again = try run(store, ["--source", "mda_inflows=\(revised)", "--json"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(
                again.stdout.contains("\"outcome\":\"unchanged\"")
                    || again.stdout.contains("\"outcome\": \"unchanged\""))
            #expect(snapshot(out) == release)
            let copied = try emp(["diff", pipeline, "--output", out, "--store", store]).stdout
            #expect(copied.split(separator: "\n").dropFirst() == diff.split(separator: "\n").dropFirst())
            #expect(diff.contains("13 revised"))
            let check = try emp(["status", pipeline, "--output", out, "--store", store, "--check"])
            #expect(check.status == 0 && check.stdout.hasSuffix("store check: ok\n"), "\(check.stdout)")
        }
        // Into a store that has a history: refused, and that store left as it was.
        let over = try emp(["store", "copy", first, back])
        #expect(over.status != 0)
        #expect(over.stderr.contains("already holds a history"), "\(over.stderr)")
        #expect(try run(back, ["--source", "mda_inflows=\(revised)"]).status == 0)
        #expect(snapshot(out) == release)
        // The pipeline file may name the store (a URL without a password): no --store needed.
        let named = "\(dir)/named.yml"
        try read(pipeline).replacingOccurrences(of: "name: default\n", with: "name: default\nstore: \(server)\n")
            .replacingOccurrences(of: "../datasets/", with: "\(repositoryRoot)/datasets/")
            .write(toFile: named, atomically: true, encoding: .utf8)
        let byName = try emp(
            ["run", named, "--output", out, "--source", "mda_inflows=\(revised)", "--json"], cwd: repositoryRoot,
            env: goldenDate)
        #expect(byName.status == 0, "\(byName.stderr)")
        // Another pipeline file is other settings: published again, from the server's batches
        // (no source read: without the server there would be no store beside the release).
        let manifest = (try? JSONSerialization.jsonObject(with: Data(byName.stdout.utf8))) as? [String: Any]
        #expect((manifest?["sources_read"] as? [String]) == [], "\(byName.stdout)")
        #expect(manifest?["changes"] as? [String: Int] == ["added": 0, "removed": 0, "revised": 0, "reflagged": 0])
        #expect(snapshot(out)["indicators.csv"] == release["indicators.csv"], "the same values (a new release number)")
        let nothing = try emp(["store", "copy", "\(dir)/none.emp.sqlite", "\(dir)/other.emp.sqlite"])
        #expect(nothing.status != 0 && nothing.stderr.contains("nothing to copy"), "\(nothing.stderr)")
    }
}
