import EMPCore
import EMPStore
import EMPStoreSQLite
import Foundation
import PostgresNIO

/// The ledger and the release guards' base, as `SQLiteStore+Runs` and `+Guards`.
extension PostgresStore {
    /// Starts a ledger row. Runs still `running` cannot be alive: the caller holds the store's
    /// advisory lock, which the server frees only when its holder's session ends, so they are
    /// marked `interrupted`. (The SQLite store also asks the kernel whether a recorded pid is a
    /// live emp, for a lock file deleted under a run; a server's lock cannot be deleted, and a
    /// pid says nothing about a process on another machine.)
    public func beginRun(command: String, pipeline: String, full: Bool) throws -> Int64 {
        try write {
            try client.execute("UPDATE runs SET outcome = 'interrupted' WHERE outcome = 'running'")
            try client.execute("DELETE FROM pending_changes")
            let id = try nextID("runs")
            try client.execute(
                """
                INSERT INTO runs (id, command, pipeline, pid, started_at, outcome, "full")
                VALUES ($1, $2, $3, $4, $5, 'running', $6)
                """,
                [
                    .int(id), .text(command), .text(pipeline), .int(Int64(getpid())), .text(PostgresStore.now()),
                    .bool(full),
                ])
            return id
        }
    }

    public func finishRun(_ id: Int64, _ end: RunEnd) throws {
        try write { try finish(id, end) }
    }

    func finish(_ id: Int64, _ end: RunEnd) throws {
        let c = end.counts
        try client.execute(
            """
            UPDATE runs SET finished_at = $1, outcome = $2, exit_code = $3, sources_read = $4, countries_computed = $5,
              indicator_values = $6, countries = $7, added = $8, removed = $9, revised = $10, reflagged = $11,
              settings = $12, summary = $13, compute = $14, stale = $15, warnings = $16
            WHERE id = $17
            """,
            [
                .text(PostgresStore.now()), .text(end.outcome.rawValue), .int(end.exitCode), .int(end.sourcesRead),
                .int(end.countriesComputed), .int(end.indicatorValues), .int(end.countries), .int(c.added),
                .int(c.removed), .int(c.revised), .int(c.reflagged), .text(end.settings), .text(end.summary),
                .text(end.compute), .text(SQLiteStore.list(end.stale)), .text(SQLiteStore.list(end.warnings)), .int(id),
            ])
    }

    static let runColumns = """
        id, command, pipeline, pid, started_at, finished_at, outcome, exit_code, "full", sources_read,
          countries_computed, added, removed, revised, reflagged, summary, indicator_values, countries, settings,
          compute, stale, warnings
        """

    public func runs(limit: Int) throws -> [RunRecord] {
        try client.query("SELECT \(PostgresStore.runColumns) FROM runs ORDER BY id DESC LIMIT $1", [.int(limit)])
            .map(PostgresStore.runRecord)
    }

    public func lastPublished() throws -> (run: RunRecord, settings: String, batches: Set<Int64>)? {
        try read {
            guard
                let row = try client.query(
                    "SELECT \(PostgresStore.runColumns) FROM runs WHERE outcome = 'published' ORDER BY id DESC LIMIT 1"
                ).first
            else { return nil }
            let run = try PostgresStore.runRecord(row)
            let batches = try client.query("SELECT batch_id FROM run_batches WHERE run_id = $1", [.int(run.id)])
                .map { try $0.int64(0) }
            return (run, try row.optionalString(18) ?? "", Set(batches))
        }
    }

    static func runRecord(_ row: PostgresRandomAccessRow) throws -> RunRecord {
        RunRecord(
            id: try row.int64(0), command: try row.string(1), pipeline: try row.string(2),
            pid: try row.int(3), startedAt: try row.string(4),
            finishedAt: try row.optionalString(5), outcome: RunOutcome(rawValue: try row.string(6)) ?? .failed,
            exitCode: try row.optionalInt(7), full: try row.bool(8), sourcesRead: try row.int(9),
            countriesComputed: try row.int(10), indicatorValues: try row.int(16), countries: try row.int(17),
            counts: ChangeCounts(
                added: try row.int(11), removed: try row.int(12), revised: try row.int(13), reflagged: try row.int(14)),
            summary: try row.optionalString(15), compute: try row.optionalString(19),
            stale: SQLiteStore.unlist(try row.optionalString(20)),
            warnings: SQLiteStore.unlist(try row.optionalString(21)))
    }

    public func batchHistory(
        limit: Int
    ) throws -> [(source: String, importedAt: String, sha256: String, rows: Int, current: Bool)] {
        try client.query(
            "SELECT source, imported_at, sha256, rows_read, current FROM batches ORDER BY id DESC LIMIT $1",
            [.int(limit)]
        ).map { (try $0.string(0), try $0.string(1), try $0.string(2), try $0.int(3), try $0.bool(4)) }
    }

    public func publishedWithNumber() throws -> Int {
        Int(
            try client.scalar(
                "SELECT count(*) FROM published WHERE to_run IS NULL AND obs_value != ''", as: Int64.self) ?? 0)
    }

    public func releaseCount() throws -> Int {
        Int(try client.scalar("SELECT count(*) FROM runs WHERE outcome = 'published'", as: Int64.self) ?? 0)
    }

    public func countrySummaries() throws -> [String: (numbers: Int?, gaps: [String])] {
        var out: [String: (Int?, [String])] = [:]
        for row in try client.query(
            """
            SELECT c.ref_area, c.numbers, c.gaps FROM country_facts c JOIN runs r ON r.id = c.run_id
            WHERE r.outcome = 'published'
            """)
        { out[try row.string(0)] = (try row.optionalInt(1), SQLiteStore.unlist(try row.optionalString(2))) }
        return out
    }

    public func publishedSources() throws -> Set<String> {
        Set(
            try client.query(
                """
                SELECT DISTINCT b.source FROM batches b JOIN run_batches rb ON rb.batch_id = b.id
                WHERE rb.run_id = (SELECT max(id) FROM runs WHERE outcome = 'published')
                """
            ).map { try $0.string(0) })
    }
}
