import EMPCore
import Foundation
import GRDB
import EMPStore

extension SQLiteStore {
    /// The values of a country as currently published.
    public func currentValues(of area: String) throws -> [PublishedValue] {
        try db.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SQLiteStore.publishedColumns) FROM published WHERE ref_area = ? AND to_run IS NULL
                    """, arguments: [area]
            ).map(SQLiteStore.publishedValue)
        }
    }

    /// Countries with values currently published.
    public func publishedCountries() throws -> [String] {
        try db.read {
            try String.fetchAll(
                $0, sql: "SELECT DISTINCT ref_area FROM published WHERE to_run IS NULL ORDER BY ref_area")
        }
    }

    /// The columns `publishedValue` reads, in its order.
    static let publishedColumns =
        "id, ref_area, indicator, sex, counterpart_area, sector, rank, time_period, obs_value, unit_measure, obs_status"

    static func publishedValue(_ row: Row) -> PublishedValue {
        var v = PublishedValue(
            key: SeriesKey(
                refArea: row[1], indicator: row[2], sex: row[3], counterpart: row[4], sector: row[5],
                rank: row[6], year: row[7]),
            value: row[8], unit: row[9], status: row[10])
        v.rowID = row[0]
        return v
    }

    /// Per country, the digest its stored rendering was made from, the digest of its bytes
    /// and the formats it was rendered in.
    public func countryOutputDigests() throws -> [String: KeptRendering] {
        try db.read { db in
            var out: [String: KeptRendering] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.ref_area, c.digest, c.rendering, (SELECT group_concat(format,
                      ' ') FROM country_renderings f
                      WHERE f.ref_area = c.ref_area)
                    FROM country_outputs c JOIN runs r ON r.id = c.run_id WHERE r.outcome = 'published'
                    """)
            {
                let formats = (row[3] as String?).map { Set($0.split(separator: " ").map(String.init)) } ?? []
                out[row[0]] = KeptRendering(inputs: row[1], rendering: row[2], formats: formats)
            }
            return out
        }
    }

    /// A country's kept rendering; the caller uses it only when `isIntact`.
    public func countryOutput(_ area: String) throws -> CountryOutput? {
        try db.read { db in
            try Row.fetchOne(
                db, sql: "SELECT ref_area, digest, rendering, rows FROM country_outputs WHERE ref_area = ?",
                arguments: [area]
            ).map {
                CountryOutput(
                    refArea: $0[0], digest: $0[1], rendering: $0[2], rows: $0[3],
                    parts: try SQLiteStore.parts(db, of: area))
            }
        }
    }

    /// A country's kept bytes per format.
    static func parts(_ db: Database, of area: String) throws -> [String: Data] {
        var parts: [String: Data] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT format, content, deflated FROM country_renderings WHERE ref_area = ?", arguments: [area])
        {
            // Bytes that no longer inflate are damaged: given back as they are, they fail the
            // rendering's digest like any other damage (never published, named by `status --check`).
            let content: Data = row[1]
            parts[row[0]] = (row[2] as Int) == 1 ? (try? Deflate.decompress(content)) ?? content : content
        }
        return parts
    }

    /// A whole output table as last published (e.g. `measures.csv`), the digest of its inputs
    /// and of its bytes: the caller uses it again only when `isIntact`.
    public func tableOutput(_ name: String) throws -> TableOutput? {
        try db.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT t.digest, t.content, t.content_sha256, t.deflated FROM table_outputs t
                    JOIN runs r ON r.id = t.run_id WHERE t.name = ? AND r.outcome = 'published'
                    """, arguments: [name]
            ).map {
                TableOutput(digest: $0[0], content: SQLiteStore.keptTable($0[1], deflated: $0[3]), contentSHA256: $0[2])
            }
        }
    }

    /// A kept table's bytes; a deflated one that does not inflate gives no bytes, so it is
    /// not intact (and is rendered again).
    public static func keptTable(_ content: Data, deflated: Bool) -> Data {
        deflated ? (try? Deflate.decompress(content)) ?? Data() : content
    }

    /// Keeps a whole output table rendered by a run (it counts once the run is published),
    /// with the SHA-256 of its bytes.
    public func stageTableOutput(run id: Int64, name: String, digest: String, content: Data) throws {
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO table_outputs (name, run_id, digest, content, content_sha256, deflated)
                    VALUES (?, ?, ?, ?, ?, 1)
                    """, arguments: [name, id, digest, Deflate.compress(content), Digest.sha256Hex(content)])
        }
    }

    /// Keeps part of a run's work as it goes, in one transaction: changes (applied only when
    /// the run publishes), countries rendered anew (counted only once the run is published),
    /// and countries computed again to the same bytes (their input digest: those bytes are
    /// right for the new inputs whatever happens to this run).
    public func stage(
        run id: Int64, changes: [ValueChange], firstSeq: Int, rendered: [CountryOutput],
        redigested: [String: String]
    ) throws {
        let deflated = SQLiteStore.deflateParts(rendered)
        try db.write { db in
            let insert = try BulkInsert(
                db,
                """
                INSERT INTO temp.pending_changes (run_id, seq, old_id, ref_area, indicator, sex, counterpart_area, sector,
                  rank, time_period,
                  obs_value, unit_measure, obs_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (i, c) in changes.enumerated() {
                if c.old != nil, c.old?.rowID == nil {
                    throw StoreError(.incompatible, "a change to \(c.key) has no stored row")
                }
                let k = c.key
                try insert.insert([
                    .int(id), .int(firstSeq + i), c.old?.rowID.map { .int($0) } ?? .null, .text(k.refArea),
                    .text(k.indicator), .text(k.sex), .text(k.counterpart), .text(k.sector), .text(k.rank),
                    .int(k.year),
                    .text(c.new?.value), .text(c.new?.unit), .text(c.new?.status),
                ])
            }
            let save = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO country_outputs (ref_area, run_id, digest, rendering, rows) VALUES (?, ?,
                      ?, ?, ?)
                    """)
            let clear = try db.makeStatement(sql: "DELETE FROM country_renderings WHERE ref_area = ?")
            let part = try db.makeStatement(
                sql: "INSERT INTO country_renderings (ref_area, format, content, deflated) VALUES (?, ?, ?, 1)")
            // Its counts in a small table of their own: read on every run without the blobs.
            let facts = try db.makeStatement(
                sql: "INSERT OR REPLACE INTO country_facts (ref_area, run_id, numbers, gaps) VALUES (?, ?, ?, ?)")
            for (n, r) in rendered.enumerated() {
                try save.execute(arguments: [r.refArea, id, r.digest, r.rendering, r.rows])
                try clear.execute(arguments: [r.refArea])
                for (k, format) in r.parts.keys.sorted().enumerated() {
                    try part.execute(arguments: [r.refArea, format, deflated[n][k]])
                }
                if let numbers = r.numbers {
                    try facts.execute(arguments: [r.refArea, id, numbers, SQLiteStore.list(r.gaps)])
                }
            }
            for (area, digest) in redigested.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: "UPDATE country_outputs SET digest = ? WHERE ref_area = ?", arguments: [digest, area])
            }
        }
    }

    /// Records a publication in one transaction: the staged changes (a revised value's old
    /// row gets `to_run`, its new row `from_run`), the countries no longer published, the
    /// batches used, and the end of the run (which makes its staged renderings count).
    public func publish(run id: Int64, dropped: [String], batches: [Int64], end: RunEnd) throws {
        try db.write { db in
            try db.execute(
                sql: """
                    UPDATE published SET to_run = ?1
                    WHERE id IN (SELECT old_id FROM temp.pending_changes WHERE run_id = ?1 AND old_id IS NOT NULL)
                    """, arguments: [id])
            try db.execute(
                sql: """
                    INSERT INTO published (ref_area, indicator, sex, counterpart_area, sector, rank, time_period,
                      obs_value, unit_measure,
                      obs_status, from_run)
                    SELECT ref_area, indicator, sex, counterpart_area, sector, rank, time_period, obs_value,
                      unit_measure, obs_status, run_id
                    FROM temp.pending_changes WHERE run_id = ?1 AND obs_value IS NOT NULL ORDER BY seq
                    """, arguments: [id])
            // Only this run's are there (a run starts by deleting them): the whole table, truncated.
            try db.execute(sql: "DELETE FROM temp.pending_changes")
            for area in dropped {
                try db.execute(sql: "DELETE FROM country_outputs WHERE ref_area = ?", arguments: [area])
                try db.execute(sql: "DELETE FROM country_renderings WHERE ref_area = ?", arguments: [area])
                try db.execute(sql: "DELETE FROM country_facts WHERE ref_area = ?", arguments: [area])
            }
            for b in batches {
                try db.execute(sql: "INSERT INTO run_batches (run_id, batch_id) VALUES (?, ?)", arguments: [id, b])
            }
            try finish(db, id, end)
            inTransaction?("publishing")
        }
    }

    /// What a published run changed against the publication before it.
    public func changes(ofRun id: Int64) throws -> [ValueChange] {
        try db.read { db in
            let columns = SQLiteStore.publishedColumns
            let new = try Row.fetchAll(db, sql: "SELECT \(columns) FROM published WHERE from_run = ?", arguments: [id])
                .map(SQLiteStore.publishedValue)
            let old = try Row.fetchAll(db, sql: "SELECT \(columns) FROM published WHERE to_run = ?", arguments: [id])
                .map(SQLiteStore.publishedValue)
            return ValueChange.between(old: old, new: new)
        }
    }
}

extension SQLiteStore {
    /// Each rendering's parts deflated (per rendering, in its formats' sorted order), on two
    /// threads, before the transaction: deflating a group's pages (a report page is ~200 kB)
    /// one by one inside it was a twentieth of a first publication, with the second core
    /// idle. Same bytes as one by one.
    static func deflateParts(_ rendered: [CountryOutput]) -> [[Data]] {
        let jobs = rendered.enumerated().flatMap { n, r in r.parts.keys.sorted().map { (n, r.parts[$0]!) } }
        var out = [Data?](repeating: nil, count: jobs.count)
        out.withUnsafeMutableBufferPointer { buffer in
            // Each thread writes its own indices (t, t + 2, …): no two write one slot.
            nonisolated(unsafe) let base = buffer.baseAddress!
            let threads = min(2, jobs.count)
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in stride(from: t, to: jobs.count, by: threads) {
                    (base + i).pointee = Deflate.compress(jobs[i].1)
                }
            }
        }
        var byRendering = [[Data]](repeating: [], count: rendered.count)
        for (i, job) in jobs.enumerated() { byRendering[job.0].append(out[i]!) }
        return byRendering
    }
}
