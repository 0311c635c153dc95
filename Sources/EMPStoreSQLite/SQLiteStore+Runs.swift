import EMPCore
import Foundation
import GRDB
import EMPStore

extension SQLiteStore {
    /// Starts a ledger row. Runs still `running` cannot be alive (the caller holds the lock):
    /// their process was killed, so they are marked `interrupted`.
    public func beginRun(command: String, pipeline: String, full: Bool) throws -> Int64 {
        try db.write { db in
            // The ledger is the second lock: a run whose lock file was deleted under it is
            // still `running` here, by a live emp process.
            for row in try Row.fetchAll(
                db, sql: "SELECT id, pid, command, started_at FROM runs WHERE outcome = 'running'")
            {
                let pid: Int32 = row[1]
                if pid != getpid(), LiveProcess.isEmp(pid) {
                    throw RunInProgress(
                        holder:
                            "pid \(pid): emp \(row[2] as String) (run #\(row[0] as Int64), since \(row[3] as String))")
                }
            }
            try db.execute(sql: "UPDATE runs SET outcome = 'interrupted' WHERE outcome = 'running'")
            try db.execute(sql: "DELETE FROM temp.pending_changes")
            // Left in the store file by an emp before the staging table was the connection's.
            try db.execute(sql: "DELETE FROM main.pending_changes")
            try db.execute(
                sql:
                    "INSERT INTO runs (command, pipeline, pid, started_at, outcome, full) VALUES (?, ?, ?, ?, "
                    + "'running', ?)",
                arguments: [command, pipeline, Int(getpid()), StoreClock.now(), full])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ id: Int64, _ end: RunEnd) throws {
        try db.write { try finish($0, id, end) }
    }

    func finish(_ db: Database, _ id: Int64, _ end: RunEnd) throws {
        let c = end.counts
        try db.execute(
            sql: """
                UPDATE runs SET finished_at = ?, outcome = ?, exit_code = ?, sources_read = ?, countries_computed = ?,
                  indicator_values = ?, countries = ?, added = ?, removed = ?, revised = ?, reflagged = ?,
                    settings = ?, summary = ?,
                  compute = ?, stale = ?, warnings = ?
                WHERE id = ?
                """,
            arguments: [
                StoreClock.now(), end.outcome.rawValue, end.exitCode, end.sourcesRead, end.countriesComputed,
                end.indicatorValues, end.countries, c.added, c.removed, c.revised, c.reflagged, end.settings,
                end.summary,
                end.compute, SQLiteStore.list(end.stale), SQLiteStore.list(end.warnings), id,
            ])
    }

    /// The last runs, newest first.
    public func runs(limit: Int) throws -> [RunRecord] {
        try db.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, command, pipeline, pid, started_at, finished_at, outcome, exit_code, full, sources_read,
                      countries_computed, added, removed, revised, reflagged, summary, indicator_values, countries,
                        settings, compute,
                      stale, warnings
                    FROM runs ORDER BY id DESC LIMIT ?
                    """, arguments: [limit]
            ).map(SQLiteStore.runRecord)
        }
    }

    /// The last run that published outputs, with the batches it used.
    public func lastPublished() throws -> (run: RunRecord, settings: String, batches: Set<Int64>)? {
        try db.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, command, pipeline, pid, started_at, finished_at, outcome, exit_code, full,
                          sources_read,
                          countries_computed, added, removed, revised, reflagged, summary, indicator_values,
                            countries, settings, compute,
                          stale, warnings
                        FROM runs WHERE outcome = 'published' ORDER BY id DESC LIMIT 1
                        """)
            else { return nil }
            let run = SQLiteStore.runRecord(row)
            let batches = try Int64.fetchAll(
                db, sql: "SELECT batch_id FROM run_batches WHERE run_id = ?", arguments: [run.id])
            return (run, row[18] ?? "", Set(batches))
        }
    }

    static func runRecord(_ row: Row) -> RunRecord {
        RunRecord(
            id: row[0], command: row[1], pipeline: row[2], pid: row[3], startedAt: row[4], finishedAt: row[5],
            outcome: RunOutcome(rawValue: row[6]) ?? .failed,
            exitCode: row[7], full: row[8], sourcesRead: row[9], countriesComputed: row[10],
            indicatorValues: row[16], countries: row[17],
            counts: ChangeCounts(added: row[11], removed: row[12], revised: row[13], reflagged: row[14]),
            summary: row[15],
            compute: row[19], stale: SQLiteStore.unlist(row[20]), warnings: SQLiteStore.unlist(row[21]))
    }

    /// A list kept in one column: a JSON array of strings (NULL when empty).
    public static func list(_ items: [String]) -> String? {
        items.isEmpty ? nil : JSONValue.array(items.map { .string($0) }).render()
    }

    public static func unlist(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }

    /// Every batch ever imported, newest first (for `emp status`).
    public func batchHistory(
        limit: Int
    ) throws -> [(source: String, importedAt: String, sha256: String, rows: Int, current: Bool)] {
        try db.read { db in
            try Row.fetchAll(
                db, sql: "SELECT source, imported_at, sha256, rows_read, current FROM batches ORDER BY id DESC LIMIT ?",
                arguments: [limit]
            ).map { ($0[0], $0[1], $0[2], $0[3], $0[4]) }
        }
    }
}
