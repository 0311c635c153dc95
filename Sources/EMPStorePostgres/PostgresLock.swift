import EMPCore
import EMPStore
import Foundation
import PostgresNIO

/// The store's exclusive lock on a server: a session-level advisory lock on a connection of
/// its own, so it holds across machines, and the server frees it when the lease is released
/// or its process dies (the session ends with the connection). The holder is named for a
/// second run to say whom it waits for: in the `locks` row while the lock is held, and in the
/// session's `application_name` (a store whose schema is not made yet has no `locks` table).
public final class PostgresLock {
    let client: PostgresClient
    /// The lock's key: advisory locks are per database, and this one stands for emp's schema in it.
    public static let key: Int64 = {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in "emp store lock: schema \(PostgresSchema.name)".utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: h)
    }()

    /// Takes the lock; throws `LockHeld` when another session has it and `wait` is false. While
    /// waiting it asks `giveUp` ten times a second (a try, not a blocking `pg_advisory_lock`,
    /// so a signal can stop the wait).
    public init(url: PostgresURL, command: String, wait: Bool, giveUp: () -> Bool = { false }) throws {
        // As the SQLite lock file's note, with the machine: runs on several machines share a server.
        let note = "pid \(getpid()): \(command) (since \(PostgresStore.now()) on \(ProcessInfo.processInfo.hostName))"
        client = try PostgresClient(url, applicationName: String(note.utf8.prefix(63)) ?? "emp")
        while try client.scalar("SELECT pg_try_advisory_lock($1)", [.int(PostgresLock.key)], as: Bool.self) != true {
            guard wait else { throw LockHeld(path: url.display, holder: try holder()) }
            if giveUp() { throw LockGaveUp() }
            usleep(100_000)
        }
        if try hasLocksTable() {
            try client.execute(
                """
                INSERT INTO locks (key, backend_pid, holder) VALUES ($1, pg_backend_pid(), $2)
                ON CONFLICT (key) DO UPDATE SET backend_pid = excluded.backend_pid, holder = excluded.holder
                """, [.int(PostgresLock.key), .text(note)])
        }
    }

    deinit {
        if (try? hasLocksTable()) == true {
            _ = try? client.execute(
                "DELETE FROM locks WHERE key = $1 AND backend_pid = pg_backend_pid()", [.int(PostgresLock.key)])
        }
        _ = try? client.query("SELECT pg_advisory_unlock($1)", [.int(PostgresLock.key)])
        client.close()
    }

    func hasLocksTable() throws -> Bool {
        try client.scalar("SELECT to_regclass($1) IS NOT NULL", [.text("\(PostgresSchema.name).locks")], as: Bool.self)
            == true
    }

    /// The holder's note: its `locks` row when it is the session holding the lock, else the
    /// holding session's application name.
    func holder() throws -> String {
        // pg_locks spreads a bigint key over classid (high half) and objid (low half).
        let key = UInt64(bitPattern: PostgresLock.key)
        guard
            let row = try client.query(
                """
                SELECT l.pid::bigint, a.application_name FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database
                  WHERE datname = current_database())
                  AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.objsubid = 1
                """, [.int(Int64(key >> 32)), .int(Int64(key & 0xffff_ffff))]
            ).first
        else { return "unknown process" }
        let pid = try row.int64(0)
        if try hasLocksTable(),
            let note = try client.scalar(
                "SELECT holder FROM locks WHERE key = $1 AND backend_pid = $2", [.int(PostgresLock.key), .int(pid)],
                as: String.self)
        {
            return note
        }
        let name = try row.optionalString(1) ?? ""
        return name.isEmpty ? "unknown process (server session \(pid))" : name
    }
}
