import EMPCore
import EMPStore
import EMPStoreSQLite
import Foundation
import PostgresNIO

/// Published values and renderings, as `SQLiteStore+Publication`.
extension PostgresStore {
    static let publishedColumns =
        "id, ref_area, indicator, sex, counterpart_area, sector, rank, time_period, obs_value, unit_measure, obs_status"

    static func publishedValue(_ row: PostgresRandomAccessRow) throws -> PublishedValue {
        var v = PublishedValue(
            key: SeriesKey(
                refArea: try row.string(1), indicator: try row.string(2), sex: try row.string(3),
                counterpart: try row.string(4), sector: try row.string(5), rank: try row.string(6),
                year: try row.int(7)),
            value: try row.string(8), unit: try row.string(9), status: try row.string(10))
        v.rowID = try row.int64(0)
        return v
    }

    public func currentValues(of area: String) throws -> [PublishedValue] {
        // In id order, as SQLite's scan of its partial index gives them (the caller sorts or keys them).
        try client.query(
            "SELECT \(PostgresStore.publishedColumns) FROM published WHERE ref_area = $1 AND to_run IS NULL ORDER BY id",
            [.text(area)]
        ).map(PostgresStore.publishedValue)
    }

    public func publishedCountries() throws -> [String] {
        try client.query(
            "SELECT ref_area FROM published WHERE to_run IS NULL GROUP BY ref_area ORDER BY ref_area COLLATE \"C\""
        ).map { try $0.string(0) }
    }

    public func countryOutputDigests() throws -> [String: KeptRendering] {
        var out: [String: KeptRendering] = [:]
        for row in try client.query(
            """
            SELECT c.ref_area, c.digest, c.rendering,
              (SELECT string_agg(format, ' ') FROM country_renderings f WHERE f.ref_area = c.ref_area)
            FROM country_outputs c JOIN runs r ON r.id = c.run_id WHERE r.outcome = 'published'
            """)
        {
            let formats = try row.optionalString(3).map { Set($0.split(separator: " ").map(String.init)) } ?? []
            out[try row.string(0)] = KeptRendering(
                inputs: try row.string(1), rendering: try row.string(2), formats: formats)
        }
        return out
    }

    public func countryOutput(_ area: String) throws -> CountryOutput? {
        try read {
            guard
                let row = try client.query(
                    "SELECT ref_area, digest, rendering, rows FROM country_outputs WHERE ref_area = $1", [.text(area)]
                ).first
            else { return nil }
            return CountryOutput(
                refArea: try row.string(0), digest: try row.string(1), rendering: try row.string(2),
                rows: try row.int(3), parts: try parts(of: area))
        }
    }

    /// A country's kept bytes per format (bytes that no longer inflate are given back as they
    /// are, and fail the rendering's digest).
    func parts(of area: String) throws -> [String: Data] {
        var parts: [String: Data] = [:]
        for row in try client.query(
            "SELECT format, content, deflated FROM country_renderings WHERE ref_area = $1", [.text(area)])
        {
            let content = try row.data(1)
            parts[try row.string(0)] = try row.bool(2) ? (try? Deflate.decompress(content)) ?? content : content
        }
        return parts
    }

    public func tableOutput(_ name: String) throws -> TableOutput? {
        guard
            let row = try client.query(
                """
                SELECT t.digest, t.content, t.content_sha256, t.deflated FROM table_outputs t
                JOIN runs r ON r.id = t.run_id WHERE t.name = $1 AND r.outcome = 'published'
                """, [.text(name)]
            ).first
        else { return nil }
        return TableOutput(
            digest: try row.string(0), content: SQLiteStore.keptTable(try row.data(1), deflated: try row.bool(3)),
            contentSHA256: try row.optionalString(2))
    }

    public func stageTableOutput(run id: Int64, name: String, digest: String, content: Data) throws {
        try client.execute(
            """
            INSERT INTO table_outputs (name, run_id, digest, content, content_sha256, deflated)
            VALUES ($1, $2, $3, $4, $5, 1)
            ON CONFLICT (name) DO UPDATE SET run_id = excluded.run_id, digest = excluded.digest,
              content = excluded.content, content_sha256 = excluded.content_sha256, deflated = excluded.deflated
            """,
            [
                .text(name), .int(id), .text(digest), .bytes(Deflate.compress(content)),
                .text(Digest.sha256Hex(content)),
            ])
    }

    public func stage(
        run id: Int64, changes: [ValueChange], firstSeq: Int, rendered: [CountryOutput],
        redigested: [String: String]
    ) throws {
        var pending: [[PGValue]] = []
        pending.reserveCapacity(changes.count)
        for (i, c) in changes.enumerated() {
            if c.old != nil, c.old?.rowID == nil {
                throw StoreError(.incompatible, "a change to \(c.key) has no stored row")
            }
            let k = c.key
            pending.append([
                .int(id), .int(firstSeq + i), c.old?.rowID.map { .int($0) } ?? .null, .text(k.refArea),
                .text(k.indicator), .text(k.sex), .text(k.counterpart), .text(k.sector), .text(k.rank), .int(k.year),
                .text(c.new?.value), .text(c.new?.unit), .text(c.new?.status),
            ])
        }
        try write {
            try client.copy(
                "pending_changes",
                columns: [
                    "run_id", "seq", "old_id", "ref_area", "indicator", "sex", "counterpart_area", "sector", "rank",
                    "time_period", "obs_value", "unit_measure", "obs_status",
                ], rows: pending)
            for r in rendered {
                try client.execute(
                    """
                    INSERT INTO country_outputs (ref_area, run_id, digest, rendering, rows) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (ref_area) DO UPDATE SET run_id = excluded.run_id, digest = excluded.digest,
                      rendering = excluded.rendering, rows = excluded.rows
                    """, [.text(r.refArea), .int(id), .text(r.digest), .text(r.rendering), .int(r.rows)])
                try client.execute("DELETE FROM country_renderings WHERE ref_area = $1", [.text(r.refArea)])
                try client.copy(
                    "country_renderings", columns: ["ref_area", "format", "content", "deflated"],
                    rows: r.parts.keys.sorted().map {
                        [.text(r.refArea), .text($0), .bytes(Deflate.compress(r.parts[$0]!)), .int(1)]
                    })
                if let numbers = r.numbers {
                    try client.execute(
                        """
                        INSERT INTO country_facts (ref_area, run_id, numbers, gaps) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (ref_area) DO UPDATE SET run_id = excluded.run_id, numbers = excluded.numbers,
                          gaps = excluded.gaps
                        """, [.text(r.refArea), .int(id), .int(numbers), .text(SQLiteStore.list(r.gaps))])
                }
            }
            for (area, digest) in redigested.sorted(by: { $0.key < $1.key }) {
                try client.execute(
                    "UPDATE country_outputs SET digest = $1 WHERE ref_area = $2", [.text(digest), .text(area)])
            }
        }
    }

    public func publish(run id: Int64, dropped: [String], batches: [Int64], end: RunEnd) throws {
        try write {
            try client.execute(
                """
                UPDATE published SET to_run = $1
                WHERE id IN (SELECT old_id FROM pending_changes WHERE run_id = $1 AND old_id IS NOT NULL)
                """, [.int(id)])
            // New rows numbered on from the largest id in `seq` order, as SQLite's INSERT … SELECT gives rowids.
            try client.execute(
                """
                INSERT INTO published (id, ref_area, indicator, sex, counterpart_area, sector, rank, time_period,
                  obs_value, unit_measure, obs_status, from_run)
                SELECT (SELECT coalesce(max(id), 0) FROM published) + row_number() OVER (ORDER BY seq),
                  ref_area, indicator, sex, counterpart_area, sector, rank, time_period, obs_value, unit_measure,
                  obs_status, run_id
                FROM pending_changes WHERE run_id = $1 AND obs_value IS NOT NULL
                """, [.int(id)])
            try client.execute("DELETE FROM pending_changes WHERE run_id = $1", [.int(id)])
            for area in dropped {
                try client.execute("DELETE FROM country_outputs WHERE ref_area = $1", [.text(area)])
                try client.execute("DELETE FROM country_renderings WHERE ref_area = $1", [.text(area)])
                try client.execute("DELETE FROM country_facts WHERE ref_area = $1", [.text(area)])
            }
            try client.copy(
                "run_batches", columns: ["run_id", "batch_id"], rows: batches.map { [.int(id), .int($0)] })
            try finish(id, end)
            inTransaction?("publishing")
        }
    }

    public func changes(ofRun id: Int64) throws -> [ValueChange] {
        try read {
            let columns = PostgresStore.publishedColumns
            let new = try client.query(
                "SELECT \(columns) FROM published WHERE from_run = $1 ORDER BY id", [.int(id)]
            ).map(PostgresStore.publishedValue)
            let old = try client.query(
                "SELECT \(columns) FROM published WHERE to_run = $1 ORDER BY id", [.int(id)]
            ).map(PostgresStore.publishedValue)
            return ValueChange.between(old: old, new: new)
        }
    }
}
