import EMPCore
import GRDB
import EMPStore

/// What the release guards compare against.
extension SQLiteStore {
    /// Values currently published that have a number (empty placeholders are not counted).
    public func publishedWithNumber() throws -> Int {
        try db.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM published WHERE to_run IS NULL AND obs_value != ''") ?? 0
        }
    }

    public func releaseCount() throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM runs WHERE outcome = 'published'") ?? 0 }
    }
}

extension SQLiteStore {
    /// Per published country, how many of its values have a number and its warnings about
    /// missing denominators, as kept with its rendering (no blob is read).
    public func countrySummaries() throws -> [String: (numbers: Int?, gaps: [String])] {
        try db.read { db in
            var out: [String: (Int?, [String])] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.ref_area, c.numbers,
                      c.gaps FROM country_facts c JOIN runs r ON r.id = c.run_id WHERE r.outcome = 'published'
                    """)
            { out[row[0]] = (row[1], SQLiteStore.unlist(row[2])) }
            return out
        }
    }
}

extension SQLiteStore {
    /// The sources whose batches the last published run used.
    public func publishedSources() throws -> Set<String> {
        let names = try db.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT b.source FROM batches b JOIN run_batches rb ON rb.batch_id = b.id
                    WHERE rb.run_id = (SELECT max(id) FROM runs WHERE outcome = 'published')
                    """)
        }
        return Set(names)
    }
}
