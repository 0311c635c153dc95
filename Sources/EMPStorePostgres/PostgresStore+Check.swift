import EMPCore
import EMPStore
import EMPStoreSQLite
import Foundation
import PostgresNIO

/// `emp prune` and `emp status --check`, as `SQLiteStore+Prune` and `+Check`.
extension PostgresStore {
    /// One transaction, then `VACUUM` of emp's tables (outside it: the server refuses a vacuum
    /// in a transaction). Plain VACUUM makes the space reusable without locking the tables
    /// against readers; unlike SQLite's it returns only trailing pages to the operating system.
    public func prune(keep: Int) throws -> PruneResult {
        let result = try write { () -> PruneResult in
            let published = try client.query("SELECT id FROM runs WHERE outcome = 'published' ORDER BY id DESC")
                .map { try $0.int64(0) }
            let kept = Array(published.prefix(max(1, keep)).reversed())
            guard let oldest = kept.first, published.count > kept.count else {
                return PruneResult(keptRuns: kept, prunedRuns: 0, batches: 0, values: 0)
            }
            let older = Int(
                try client.scalar(
                    "SELECT count(DISTINCT run_id) FROM run_batches WHERE run_id < $1", [.int(oldest)], as: Int64.self)
                    ?? 0)
            let doomed = try client.query(
                """
                SELECT id FROM batches b WHERE current = 0
                  AND EXISTS (SELECT 1 FROM run_batches rb WHERE rb.batch_id = b.id)
                  AND NOT EXISTS (SELECT 1 FROM run_batches rb WHERE rb.batch_id = b.id AND rb.run_id >= $1)
                ORDER BY id
                """, [.int(oldest)]
            ).map { try $0.int64(0) }
            let ids = doomed.map { PGValue.int($0) }
            let list = doomed.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
            if !doomed.isEmpty {
                for table in SQLiteStore.batchTables {
                    try client.execute("DELETE FROM \(table) WHERE batch_id IN (\(list))", ids)
                }
            }
            try client.execute("DELETE FROM run_batches WHERE run_id < $1", [.int(oldest)])
            if !doomed.isEmpty { try client.execute("DELETE FROM batches WHERE id IN (\(list))", ids) }
            let values = try client.execute(
                "DELETE FROM published WHERE to_run IS NOT NULL AND to_run < $1", [.int(oldest)])
            try client.execute(
                """
                INSERT INTO meta (key, value) VALUES ('pruned_before', $1)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, [.text(String(oldest))])
            inTransaction?("prune")
            return PruneResult(keptRuns: kept, prunedRuns: older, batches: doomed.count, values: values)
        }
        for table in PostgresSchema.tables { try client.execute("VACUUM \(PostgresSchema.name).\(table)") }
        return result
    }

    /// How many bytes emp's tables take on the server (with their indexes and TOAST).
    public func size() throws -> Int64 {
        try client.scalar(
            """
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'
            """, [.text(PostgresSchema.name)], as: Int64.self) ?? 0
    }

    /// Every problem found, one line each: the schema (every table its migrations made), the
    /// store's rules, then the kept bytes against their digests. The server keeps its own pages
    /// sound (checksums, WAL); there is no `integrity_check` to ask it for.
    public func check() throws -> [String] {
        var problems: [String] = []
        do { _ = try PostgresSchema.state(client) } catch let e as StoreError { problems.append(e.description) }
        guard problems.isEmpty else { return problems }
        return try read {
            problems += try ruleProblems()
            problems += try renderingProblems()
            problems += try tableProblems()
            problems += try reportProblems()
            return problems
        }
    }

    func ruleProblems() throws -> [String] {
        let doubled = try client.query(
            """
            SELECT source FROM batches WHERE current = 1 GROUP BY source HAVING count(*) > 1
            ORDER BY source COLLATE "C"
            """
        ).map { try $0.string(0) }
        var problems = doubled.map { "source \($0) has more than one current batch" }
        let open =
            try client.scalar(
                "SELECT count(*) FROM published p JOIN runs r ON r.id = p.from_run WHERE r.outcome != 'published'",
                as: Int64.self) ?? 0
        if open > 0 { problems.append("\(open) published values belong to a run that did not finish") }
        if try storeID().isEmpty {
            problems.append("the store has no identity (meta.store_id is missing): outputs cannot be tied to it")
        }
        return problems
    }

    /// One country at a time: renderings are as large as the outputs.
    func renderingProblems() throws -> [String] {
        var problems: [String] = []
        for row in try client.query(
            "SELECT ref_area, run_id, rendering FROM country_outputs ORDER BY ref_area COLLATE \"C\"")
        {
            let area = try row.string(0)
            let kept = CountryOutput(
                refArea: area, digest: "", rendering: try row.string(2), rows: 0, parts: try parts(of: area))
            if !kept.isIntact {
                problems.append(
                    "country \(area): its kept rendering (run \(try row.int64(1))) does not match its digest: "
                        + "`emp run --full` renders it again")
            }
        }
        return problems
    }

    func tableProblems() throws -> [String] {
        var problems: [String] = []
        for row in try client.query(
            """
            SELECT name, run_id, content, content_sha256, deflated FROM table_outputs
            WHERE content_sha256 IS NOT NULL ORDER BY name COLLATE "C"
            """)
        {
            let kept = TableOutput(
                digest: "", content: SQLiteStore.keptTable(try row.data(2), deflated: try row.bool(4)),
                contentSHA256: try row.optionalString(3))
            if !kept.isIntact {
                problems.append(
                    "table \(try row.string(0)): its kept bytes (run \(try row.int64(1))) do not match their digest: "
                        + "`emp run --full` renders it again")
            }
        }
        return problems
    }

    func reportProblems() throws -> [String] {
        var problems: [String] = []
        for row in try client.query("SELECT id, source, report FROM batches ORDER BY id") {
            let id = try row.int64(0), source = try row.string(1)
            do { _ = try JSONDecoder().decode(SourceReport.self, from: Data(try row.string(2).utf8)) } catch {
                problems.append(
                    "batch \(id) (\(source)): its quality report does not decode (\(SQLiteStore.reason(error)))")
            }
        }
        return problems
    }
}
