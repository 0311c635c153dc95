import EMPStore
import Foundation
import GRDB

extension SQLiteStore {
    /// The tables that hang off a batch, emptied before the batch itself goes.
    public static let batchTables = [
        "observations", "batch_payloads", "microdata_blocks", "microdata_cells", "microdata_records",
        "quarantined_rows", "coverage", "batch_countries",
    ]

    /// One transaction, then `VACUUM` (outside it: SQLite refuses a vacuum in a transaction).
    /// A value is kept while some kept run showed it or replaced it (`to_run` at or after the
    /// oldest kept run: the oldest kept run's diff still has its old values). A batch is kept
    /// when a kept run used it, when it is current, or when no run ever published it (an
    /// `emp import` waiting for its run, a batch read by a run the guards refused).
    public func prune(keep: Int) throws -> PruneResult {
        let result = try db.write { db -> PruneResult in
            let published = try Int64.fetchAll(
                db, sql: "SELECT id FROM runs WHERE outcome = 'published' ORDER BY id DESC")
            let kept = Array(published.prefix(max(1, keep)).reversed())
            guard let oldest = kept.first, published.count > kept.count else {
                return PruneResult(keptRuns: kept, prunedRuns: 0, batches: 0, values: 0)
            }
            // Older releases whose history is still here (a second prune finds none).
            let older =
                try Int.fetchOne(
                    db, sql: "SELECT count(DISTINCT run_id) FROM run_batches WHERE run_id < ?", arguments: [oldest])
                ?? 0
            let doomed = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM batches b WHERE current = 0
                      AND EXISTS (SELECT 1 FROM run_batches rb WHERE rb.batch_id = b.id)
                      AND NOT EXISTS (SELECT 1 FROM run_batches rb WHERE rb.batch_id = b.id AND rb.run_id >= ?)
                    """, arguments: [oldest])
            // Every table is there: a store is migrated to the current schema when opened.
            for table in Self.batchTables {
                for id in doomed {
                    try db.execute(sql: "DELETE FROM \(table) WHERE batch_id = ?", arguments: [id])
                }
            }
            try db.execute(sql: "DELETE FROM run_batches WHERE run_id < ?", arguments: [oldest])
            for id in doomed { try db.execute(sql: "DELETE FROM batches WHERE id = ?", arguments: [id]) }
            try db.execute(sql: "DELETE FROM published WHERE to_run IS NOT NULL AND to_run < ?", arguments: [oldest])
            let values = db.changesCount
            try db.execute(
                sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned_before', ?)", arguments: [String(oldest)]
            )
            inTransaction?("prune")
            return PruneResult(
                keptRuns: kept, prunedRuns: older, batches: doomed.count, values: values)
        }
        try db.vacuum()
        return result
    }
}
