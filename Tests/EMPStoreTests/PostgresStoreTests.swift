import EMPCore
import EMPValidate
import EMPStore
import EMPStorePostgres
import EMPStoreSQLite
import EMPTestSupport
import Foundation
import Testing

/// What only the PostgreSQL store has: its URL and password, the server's advisory lock, a
/// schema that is not emp's, a connection lost before its commit.
@Suite struct PostgresStoreTests {
    @Test func theURLNamesTheStoreWithoutAPasswordAndOneSpelling() throws {
        let env = ["USER": "ana", "HOME": "/nonexistent"]
        let u = try PostgresURL("postgres://stats@db.example.org/emp_release", environment: env)
        #expect(u.display == "postgresql://stats@db.example.org:5432/emp_release")
        #expect(u.password == nil)
        let local = try PostgresURL("postgresql://", environment: env)
        #expect(local.display == "postgresql://ana@localhost:5432/ana")
        #expect(try PostgresURL("postgresql://a@h:6543/d", environment: ["PGPASSWORD": "s3"]).password == "s3")
        #expect(throws: StoreError.self) { try PostgresURL("postgresql://a:secret@h/d", environment: env) }
        #expect(throws: StoreError.self) { try PostgresURL("postgresql://a@h:99999/d", environment: env) }
        #expect(throws: StoreError.self) { try PostgresURL("postgresql://a@h/d?connect_timeout=3", environment: env) }
    }

    @Test func thePasswordComesFromThePasswordFileLineThatMatches() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-pgpass-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/.pgpass"
        try "# office\nother:5432:*:stats:no\ndb:5432:emp_release:stats:pa\\:ss\n*:*:*:*:fallback\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let env = ["HOME": dir, "USER": "x"]
        #expect(try PostgresURL("postgresql://stats@db/emp_release", environment: env).password == "pa:ss")
        #expect(try PostgresURL("postgresql://ana@db/other", environment: env).password == "fallback")
        chmod(file, 0o644)
        #expect(
            try PostgresURL("postgresql://stats@db/emp_release", environment: env).password == nil,
            "a password file others may read is ignored, as libpq does")
    }

    @Test func aSecondLockIsRefusedWithTheHoldersNameAndTakenOnceReleased() throws {
        let t = try TestStore(.postgresql)
        let url = try PostgresURL(t.location)
        var held: PostgresLock? = try PostgresLock(url: url, command: "emp run p.yml", wait: false)
        do {
            _ = try PostgresLock(url: url, command: "emp run q.yml", wait: false)
            Issue.record("a second lock was taken while the first is held")
        } catch let e as LockHeld {
            #expect(e.holder.hasPrefix("pid \(getpid()): emp run p.yml (since "))
            #expect(e.holder.hasSuffix(" on \(ProcessInfo.processInfo.hostName))"))
            #expect(e.path == url.display)
        }
        var asked = 0
        #expect(throws: LockGaveUp.self) {
            _ = try PostgresLock(url: url, command: "emp run q.yml", wait: true) {
                asked += 1
                return asked == 3
            }
        }
        #expect(asked == 3, "a waiting run asks whether to give up while it waits")
        withExtendedLifetime(held) {}
        held = nil
        let second = try PostgresLock(url: url, command: "emp run q.yml", wait: false)
        withExtendedLifetime(second) {}
    }

    /// The lock belongs to the session: a holder killed without letting go frees it, as the
    /// kernel frees a dead process's flock.
    @Test func aLockHeldByAKilledProcessIsFreedAndItsHolderNamedMeanwhile() throws {
        let cluster = try PostgresCluster.shared()
        let t = try TestStore(.postgresql)
        let url = try PostgresURL(t.location)
        // psql takes the lock, then waits on its input, its session idle (a server notices a
        // dead client when it next reads from it: between statements, as emp's sessions are).
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = [
            "psql", "-X", "-q", "-h", "127.0.0.1", "-p", String(cluster.port), "-U", "emp", "-d", url.database,
        ]
        psql.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin", "PGAPPNAME": "office psql",
        ]
        let input = Pipe()
        psql.standardInput = input
        psql.standardOutput = FileHandle.nullDevice
        try psql.run()
        defer { if psql.isRunning { kill(psql.processIdentifier, SIGKILL) } }
        input.fileHandleForWriting.write(Data("SELECT pg_advisory_lock(\(PostgresLock.key));\n".utf8))
        var holder = ""
        #expect(
            eventually {
                do { _ = try PostgresLock(url: url, command: "emp run", wait: false) } catch let e as LockHeld {
                    holder = e.holder
                    return true
                } catch { return false }
                return false
            })
        #expect(holder == "office psql", "a holder that left no row is named by its session")
        kill(psql.processIdentifier, SIGKILL)
        var taken: PostgresLock?
        #expect(
            eventually {
                taken = try? PostgresLock(url: url, command: "emp run", wait: false); return taken != nil
            })
        withExtendedLifetime(taken) {}
    }

    /// The server rolls back what a lost connection had not committed: a batch whose save lost
    /// its connection before COMMIT is not in the store.
    @Test func aSaveWhoseConnectionIsLostBeforeItsCommitLeavesNothing() throws {
        let t = try TestStore(.postgresql)
        let store = try #require(t.store as? PostgresStore)
        let run = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
        // The session ends from the server's side (as when the machine running emp dies).
        let killer = try PostgresClient(try PostgresURL(t.location))
        defer { killer.close() }
        store.inTransaction = { _ in
            let pid = (try? store.connection.scalar("SELECT pg_backend_pid()::bigint", as: Int64.self)) ?? 0
            // With a timeout, pg_terminate_backend waits for the session to be gone.
            _ = try? killer.query("SELECT pg_terminate_backend($1::int, 10000)", [.int(pid)])
        }
        #expect(throws: (any Error).self) { try store.save(batch("a", [observation("MDA", 2019, 10)]), runID: run) }
        let again = try PostgresStore(location: t.location, create: false, flags: CodeLists.shared.obsStatus)
        #expect(try again.currentBatches().isEmpty)
        #expect(try t.int("SELECT count(*) FROM observations") == 0)
        #expect(try again.check() == [])
    }

    @Test func aSchemaThatIsNotEmpsOrLostATableIsRefused() throws {
        let cluster = try PostgresCluster.shared()
        let empty = try cluster.database()
        #expect(try PostgresBackend(flags: CodeLists.shared.obsStatus).inspect(empty) == false)
        #expect(throws: StoreError.self) { try PostgresStore(location: empty, create: false, flags: [:]) }
        let foreign = try cluster.database()
        try cluster.psql(String(foreign.split(separator: "/").last!), "CREATE SCHEMA emp; CREATE TABLE emp.x (a int)")
        do {
            _ = try PostgresStore(location: foreign, flags: [:])
            Issue.record("a foreign schema emp was taken")
        } catch let e as StoreError { #expect(e.kind == .notEmp) }
        let t = try TestStore(.postgresql)
        try t.execute("DROP TABLE coverage")
        do {
            _ = try PostgresStore(location: t.location, flags: [:])
            Issue.record("a store missing a table was taken")
        } catch let e as StoreError { #expect(e.kind == .damaged && e.description.contains("coverage")) }
    }

    /// The two backends keep a batch the same way: the same digests per country, the same
    /// observations back, the same quarantine.
    @Test func bothBackendsGiveTheSameBatchBack() throws {
        let sqlite = try TestStore(.sqlite), postgres = try TestStore(.postgresql)
        var got: [([String: [String]], [String], KeptQuarantine?)] = []
        for t in [sqlite, postgres] {
            let run = try t.store.beginRun(command: "run", pipeline: "p.yml", full: false)
            var rows = [
                observation("MDA", 2019, 0.1 + 0.2, partner: "UKR"), observation("JAM", 2018, nil, line: 4),
                observation("MDA", 2020, -1e300, partner: "RUS\t\\x\n", line: 5),
            ]
            rows[2].currency = "é\"; DROP"
            let id = try t.store.save(batch("a", rows), runID: run)
            var back: [String] = []
            try t.store.observations(batch: id, countries: nil) {
                back.append(
                    "\($0.refArea) \($0.year) \($0.value.map { String($0.bitPattern) } ?? "-") \($0.dims.partner) \($0.currency ?? "")"
                )
            }
            got.append((try t.store.countryDigests(batches: [id]), back, try t.store.quarantine(batch: id)))
        }
        #expect(got[0].0 == got[1].0 && got[0].1 == got[1].1 && got[0].2 == got[1].2)
        #expect(got[1].1.count == 3)
    }
}
