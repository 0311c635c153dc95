import Crypto
import EMPAggregate
import EMPCore
import Foundation
import GRDB
import EMPStore

/// Saving a batch (one transaction: the batch, its rows, its countries with a digest of each
/// country's rows, its coverage; the source's previous batch stops being current but stays)
/// and reading batches back.
extension SQLiteStore {
    @discardableResult
    public func save(_ batch: NewBatch, runID: Int64) throws -> Int64 {
        let report = String(decoding: try JSONEncoder().encode(batch.report), as: UTF8.self)
        let codes = try batch.microdata.map { String(decoding: try JSONEncoder().encode($0.codes), as: UTF8.self) }
        return try db.write { db in
            try db.execute(
                sql: "UPDATE batches SET current = 0 WHERE source = ? AND current = 1", arguments: [batch.source])
            let f = batch.file, r = batch.report
            try db.execute(
                sql: """
                    INSERT INTO batches (source, domain, fingerprint, path, sha256, bytes, mtime_ns, ctime_ns, inode,
                      stamped_ns,
                      rows_read, accepted, quarantined, filtered, status, imported_at, run_id, report,
                        quarantine_header, microdata_codes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    batch.source, batch.domain, batch.fingerprint, f.path, f.sha256, f.bytes, f.mtimeNs, f.ctimeNs,
                    f.inode, batch.stampedAtNs, r.rowsRead, r.accepted, r.quarantined, r.filtered, r.status.rawValue,
                    StoreClock.now(), runID, report, batch.quarantine.map { SQLiteStore.array($0.header) }, codes,
                ])
            let id = db.lastInsertedRowID
            var digests = CountryDigests()
            let rejected = try BulkInsert(
                db,
                """
                INSERT INTO quarantined_rows (batch_id, seq, line, rule, column_name, value, reason, fields, cells)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            if let q = batch.quarantine {
                for (seq, r) in q.rows.enumerated() {
                    try rejected.insert([
                        .int(id), .int(seq), .int(r.line), .text(r.rule), .text(r.column), .bytes(Data(r.value.utf8)),
                        .bytes(Data(r.reason.utf8)),
                        .text(q.fieldsObject(r)), .text(SQLiteStore.array(r.cells)),
                    ])
                }
            }
            try insertObservations(db, id, batch.observations, &digests)
            if let share = batch.microdata { try insertMicrodata(db, id, share, &digests) }
            let countries = try db.makeStatement(
                sql: "INSERT INTO batch_countries (batch_id, ref_area, digest) VALUES (?, ?, ?)")
            for (area, digest) in digests.finish() { try countries.execute(arguments: [id, area, digest]) }
            let coverage = try db.makeStatement(
                sql: "INSERT INTO coverage (batch_id, ref_area, domain, time_period) VALUES (?, ?, ?, ?)")
            for (area, years) in batch.coverage {
                for (year, domains) in years {
                    for d in domains { try coverage.execute(arguments: [id, area, d.rawValue, year]) }
                }
            }
            inTransaction?("saving:\(batch.source)")
            return id
        }
    }

    /// An earlier batch of `source` with this fingerprint, made current again (nil: none).
    public func batch(source: String, fingerprint: String) throws -> Int64? {
        try db.write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM batches WHERE source = ? AND fingerprint = ? ORDER BY id DESC LIMIT 1",
                    arguments: [source, fingerprint])
            else { return nil }
            try db.execute(sql: "UPDATE batches SET current = 0 WHERE source = ? AND current = 1", arguments: [source])
            try db.execute(sql: "UPDATE batches SET current = 1 WHERE id = ?", arguments: [id])
            return id
        }
    }

    /// A batch's file was found unchanged under a new stamp (touched, copied back): keep the new stamp.
    public func restamp(batch id: Int64, file: FileStamp, stampedAtNs: Int64) throws {
        try db.write { db in
            try db.execute(
                sql: "UPDATE batches SET path = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, stamped_ns = ? WHERE id = ?",
                arguments: [file.path, file.mtimeNs, file.ctimeNs, file.inode, stampedAtNs, id])
        }
    }

    func insertObservations(
        _ db: Database, _ id: Int64, _ rows: ObservationTable, _ digests: inout CountryDigests
    ) throws {
        guard !rows.isEmpty else { return }
        if rows.indices.allSatisfy({ rows.domain($0) == .measures }) {
            try db.execute(
                sql: "INSERT INTO batch_payloads (batch_id, rows, content) VALUES (?, ?, ?)",
                arguments: [id, rows.count, ObservationPayload.encode(rows, digests: &digests)])
            return
        }
        let insert = try BulkInsert(
            db,
            """
            INSERT INTO observations (batch_id, seq, domain, ref_area, time_period, direction, sex, age, partner,
              duration,
              reason, education, sector, occupation, obs_value, obs_status, currency, measure, unit, period, line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (seq, o) in rows.enumerated() {
            let d = o.dims
            try insert.insert([
                .int(id), .int(seq), .text(o.domain.rawValue), .text(o.refArea), .int(o.year),
                .text(o.direction?.rawValue),
                .text(d.sex), .text(d.age), .text(d.partner), .text(d.duration), .text(d.reason), .text(d.education),
                .text(d.sector), .text(d.occupation), .double(o.value), .text(o.status.code), .text(o.currency),
                .text(o.measure), .text(o.unit), .text(o.period), .int(o.line),
            ])
            digests.add(o.refArea, SQLiteStore.digestFields(o))
        }
    }

    /// What a country's digest is made of, per row. The line number is left out: moving rows
    /// within a file changes no country.
    public static func digestFields(_ o: Observation) -> [String] {
        let d = o.dims
        return [
            o.domain.rawValue, o.direction?.rawValue ?? "", d.sex, d.age, d.partner, d.duration, d.reason,
            d.education, d.sector, d.occupation, o.value.map { String($0.bitPattern) } ?? "-",
            o.status.code, o.currency ?? "", o.measure ?? "", o.unit ?? "", o.period ?? "", String(o.year),
        ]
    }

    func insertMicrodata(_ db: Database, _ id: Int64, _ share: MicrodataShare, _ digests: inout CountryDigests) throws {
        let codes = share.codes.map { $0.joined(separator: ",") }.joined(separator: ";")
        let blocks = try db.makeStatement(
            sql: """
                INSERT INTO microdata_blocks (batch_id, ref_area, time_period, direction, counters) VALUES (?, ?, ?,
                  ?, ?)
                """)
        for (key, counters) in share.groups {
            let data = SQLiteStore.sparse(counters)
            try blocks.execute(arguments: [id, key.refArea, key.year, key.direction.rawValue, data])
            digests.add(key.refArea, ["block", codes, String(key.year), key.direction.rawValue], data)
        }
        let cells = try db.makeStatement(
            sql: """
                INSERT INTO microdata_cells (batch_id, seq, domain, ref_area, time_period, direction, sex, age,
                  partner, duration,
                  reason, education, sector, occupation, obs_value, cents, obs_status, missing, contributions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        // Sorted, so the same cells give the same rows and digests whatever order they were summed in.
        let sorted = share.cells.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        for (seq, (key, d, c)) in sorted.enumerated() {
            try cells.execute(arguments: [
                id, seq, key.domain.rawValue, key.refArea, key.year, key.direction?.rawValue, d.sex, d.age,
                d.partner, d.duration, d.reason, d.education, d.sector, d.occupation, c.value, c.cents,
                c.status.code, c.missing, c.contributions,
            ])
            digests.add(
                key.refArea,
                [
                    "cell", key.domain.rawValue, String(key.year), key.direction?.rawValue ?? "", d.label,
                    String(c.value.bitPattern), String(c.cents), c.status.code, String(c.missing),
                    String(c.contributions),
                ])
        }
        let records = try db.makeStatement(
            sql: """
                INSERT INTO microdata_records (batch_id, ref_area, time_period, direction, records) VALUES (?, ?, ?,
                  ?, ?)
                """)
        for (key, n) in share.records.sorted(by: {
            ($0.0.refArea, $0.0.year, $0.0.direction) < ($1.0.refArea, $1.0.year, $1.0.direction)
        }) {
            try records.execute(arguments: [id, key.refArea, key.year, key.direction.rawValue, n])
            digests.add(key.refArea, ["records", String(key.year), key.direction.rawValue, String(n)])
        }
    }

    /// The current batch of every source that has one.
    public func currentBatches() throws -> [String: BatchInfo] {
        try batchInfos(where: "current = 1")
    }

    /// Per source, the batch the last published run used (what the release shows now);
    /// `known`: batches already read (their reports are not decoded again).
    public func publishedBatches(known: [String: BatchInfo] = [:]) throws -> [String: BatchInfo] {
        let ids = try db.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT b.source, b.id FROM batches b JOIN run_batches rb ON rb.batch_id = b.id
                    WHERE rb.run_id = (SELECT max(id) FROM runs WHERE outcome = 'published')
                    """
            ).map { ($0[0] as String, $0[1] as Int64) }
        }
        var out: [String: BatchInfo] = [:], missing: [Int64] = []
        for (source, id) in ids {
            if let b = known[source], b.id == id { out[source] = b } else { missing.append(id) }
        }
        if !missing.isEmpty {
            out.merge(try batchInfos(where: "id IN (\(missing.map(String.init).joined(separator: ", ")))")) { a, _ in a
            }
        }
        return out
    }

    func batchInfos(where condition: String) throws -> [String: BatchInfo] {
        try db.read { db in
            var out: [String: BatchInfo] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT id, source, domain, fingerprint, path, sha256, bytes, mtime_ns, ctime_ns, inode,
                      imported_at, stamped_ns, report
                    FROM batches WHERE \(condition)
                    """)
            {
                let report = try JSONDecoder().decode(SourceReport.self, from: Data((row[12] as String).utf8))
                let file = FileStamp(
                    path: row[4], sha256: row[5], bytes: row[6], mtimeNs: row[7], ctimeNs: row[8], inode: row[9])
                out[row[1]] = BatchInfo(
                    id: row[0], source: row[1], domain: row[2], fingerprint: row[3], file: file,
                    importedAt: row[10], stampedAtNs: row[11], report: report)
            }
            return out
        }
    }

    public func observations(
        batch id: Int64, naming countries: Set<String>, _ each: (Observation) throws -> Void
    )
        throws
    {
        let kept = try db.read { db in
            try Data.fetchOne(db, sql: "SELECT content FROM batch_payloads WHERE batch_id = ?", arguments: [id])
        }
        guard let kept else {
            // Kept row by row (a store from before payloads): every row read, those naming one kept.
            return try observations(batch: id, countries: nil) { o in
                if countries.contains(o.refArea) || countries.contains(o.dims.partner) { try each(o) }
            }
        }
        try ObservationPayload.decode(kept, batch: id, status: status, naming: countries, each)
    }

    /// A batch's observations in file order; `countries`: only these reporting countries.
    public func observations(batch id: Int64, countries: Set<String>?, _ each: (Observation) throws -> Void) throws {
        try db.read { db in
            if let kept = try Data.fetchOne(
                db, sql: "SELECT content FROM batch_payloads WHERE batch_id = ?", arguments: [id])
            {
                try ObservationPayload.decode(kept, batch: id, status: status) { o in
                    if countries?.contains(o.refArea) ?? true { try each(o) }
                }
                return
            }
            // A few countries: through the (batch_id, ref_area) index; many: one pass over the batch.
            let few = countries.map { $0.count <= 100 } ?? false
            let areas = few ? countries!.sorted() : []
            let filter = few ? " AND ref_area IN (\(areas.map { _ in "?" }.joined(separator: ", ")))" : ""
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT domain, ref_area, time_period, direction, sex, age, partner, duration, reason, education,
                      sector, occupation,
                      obs_value, obs_status, currency, measure, unit, period, line
                    FROM observations WHERE batch_id = ?\(filter) ORDER BY seq
                    """, arguments: StatementArguments([id] + areas))
            while let row = try cursor.next() {
                let area: String = row[1]
                if let countries, !countries.contains(area) { continue }
                guard let domain = Domain(rawValue: row[0]) else {
                    throw StoreError(.incompatible, "batch \(id): unknown domain \(row[0] as String)")
                }
                let dims = SQLiteStore.dimensions(row, from: 4)
                var o = Observation(
                    domain: domain, refArea: area, year: row[2], direction: (row[3] as String?).flatMap(Direction.init),
                    dims: dims, value: row[12], status: try self.status(row[13]), currency: row[14], line: row[18])
                (o.measure, o.unit, o.period) = (row[15], row[16], row[17])
                try each(o)
            }
        }
    }

    /// A microdata batch's summed records; `countries`: only these reporting countries.
    public func microdataShare(batch id: Int64, countries: Set<String>?) throws -> MicrodataShare {
        try db.read { db in
            func keep(_ area: String) -> Bool { countries?.contains(area) ?? true }
            let json =
                try String.fetchOne(db, sql: "SELECT microdata_codes FROM batches WHERE id = ?", arguments: [id])
                ?? "[]"
            let codes = try JSONDecoder().decode([[String]].self, from: Data(json.utf8))
            var share = MicrodataShare(codes: codes, groups: [], cells: [], records: [])
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT ref_area, time_period, direction,
                      counters FROM microdata_blocks WHERE batch_id = ? ORDER BY ref_area, time_period, direction
                    """, arguments: [id]) where keep(row[0])
            {
                guard let counters = SQLiteStore.dense(row[3]) else {
                    throw StoreError(.incompatible, "batch \(id): a microdata block does not fit this version of emp")
                }
                share.groups.append((try SQLiteStore.groupKey(row[0], row[1], row[2]), counters))
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT domain, ref_area, time_period, direction, sex, age, partner, duration, reason, education,
                      sector, occupation,
                      obs_value, cents, obs_status, missing, contributions
                    FROM microdata_cells WHERE batch_id = ? ORDER BY seq
                    """, arguments: [id]) where keep(row[1])
            {
                guard let domain = Domain(rawValue: row[0]) else {
                    throw StoreError(.incompatible, "batch \(id): unknown domain \(row[0] as String)")
                }
                let dims = SQLiteStore.dimensions(row, from: 4)
                var cell = Cell()
                (cell.value, cell.cents, cell.status) = (row[12], row[13], try self.status(row[14]))
                (cell.missing, cell.contributions) = (row[15], row[16])
                let key = TableKey(
                    domain: domain, refArea: row[1], year: row[2],
                    direction: (row[3] as String?).flatMap(Direction.init))
                share.cells.append((key, dims, cell))
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT ref_area, time_period, direction,
                      records FROM microdata_records WHERE batch_id = ? ORDER BY ref_area, time_period, direction
                    """, arguments: [id]) where keep(row[0])
            {
                share.records.append((try SQLiteStore.groupKey(row[0], row[1], row[2]), row[3]))
            }
            return share
        }
    }

    /// The rows a batch set aside, in file order (nil: none).
    public func quarantine(batch id: Int64) throws -> KeptQuarantine? {
        try db.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT quarantine_header, quarantine FROM batches WHERE id = ?", arguments: [id])
            else { return nil }
            guard let header: String = row[0] else { return (row[1] as Data?).map(KeptQuarantine.file) }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT line, rule, column_name, value, reason,
                      cells FROM quarantined_rows WHERE batch_id = ? ORDER BY seq
                    """, arguments: [id]
            ).map {
                RejectedRow(
                    line: $0[0], rule: $0[1], column: $0[2], value: SQLiteStore.utf8($0[3]),
                    reason: SQLiteStore.utf8($0[4]),
                    cells: try SQLiteStore.strings($0[5]))
            }
            return .rows(Quarantine(header: try SQLiteStore.strings(header), rows: rows))
        }
    }

    /// Texts kept as a JSON array (an empty list too: NULL means "not kept").
    public static func array(_ items: [String]) -> String { JSONValue.array(items.map { .string($0) }).compact }

    /// A JSON array of texts as `array` kept it; anything else is a damaged store.
    public static func strings(_ text: String?) throws -> [String] {
        guard let data = text?.data(using: .utf8), let items = try? JSONDecoder().decode([String].self, from: data)
        else {
            throw StoreError(
                .damaged, "a quarantined row kept in the store does not decode (\(text?.prefix(40) ?? "NULL"))")
        }
        return items
    }

    /// Per country, `source:digest` of its rows in each of `batches` (in the order given): a
    /// new batch with the same rows for a country gives the same text.
    public func countryDigests(batches: [Int64]) throws -> [String: [String]] {
        try db.read { db in
            var out: [String: [String]] = [:]
            for id in batches {
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT c.ref_area, b.source, c.digest FROM batch_countries c JOIN batches b ON b.id = c.batch_id
                        WHERE c.batch_id = ? ORDER BY c.ref_area
                        """, arguments: [id])
                {
                    out[row[0], default: []].append("\(row[1] as String):\(row[2] as String)")
                }
            }
            return out
        }
    }

    /// Which domains each country has for each year in `batches`.
    public func coverage(batches: [Int64]) throws -> [String: [Int: Set<Domain>]] {
        try db.read { db in
            var out: [String: [Int: Set<Domain>]] = [:]
            for id in batches {
                for row in try Row.fetchAll(
                    db, sql: "SELECT ref_area, domain, time_period FROM coverage WHERE batch_id = ?", arguments: [id])
                {
                    guard let d = Domain(rawValue: row[1]) else { continue }
                    out[row[0], default: [:]][row[2], default: []].insert(d)
                }
            }
            return out
        }
    }
}
