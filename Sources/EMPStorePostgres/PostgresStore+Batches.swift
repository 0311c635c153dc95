import EMPAggregate
import EMPCore
import EMPStore
import EMPStoreSQLite
import Foundation
import PostgresNIO

/// Saving a batch (one transaction; the bulk rows through COPY) and reading batches back, as
/// `SQLiteStore+Batches` does: the same rows, digests and order.
extension PostgresStore {
    @discardableResult
    public func save(_ batch: NewBatch, runID: Int64) throws -> Int64 {
        let report = String(decoding: try JSONEncoder().encode(batch.report), as: UTF8.self)
        let codes = try batch.microdata.map { String(decoding: try JSONEncoder().encode($0.codes), as: UTF8.self) }
        return try write {
            try client.execute(
                "UPDATE batches SET current = 0 WHERE source = $1 AND current = 1", [.text(batch.source)])
            let f = batch.file, r = batch.report
            let id = try nextID("batches")
            try client.execute(
                """
                INSERT INTO batches (id, source, domain, fingerprint, path, sha256, bytes, mtime_ns, ctime_ns, inode,
                  stamped_ns, rows_read, accepted, quarantined, filtered, status, imported_at, run_id, report,
                  quarantine_header, microdata_codes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
                """,
                [
                    .int(id), .text(batch.source), .text(batch.domain), .text(batch.fingerprint), .text(f.path),
                    .text(f.sha256), .int(f.bytes), .int(f.mtimeNs), .int(f.ctimeNs), .int(f.inode),
                    .int(batch.stampedAtNs), .int(r.rowsRead), .int(r.accepted), .int(r.quarantined), .int(r.filtered),
                    .text(r.status.rawValue), .text(PostgresStore.now()), .int(runID), .text(report),
                    .text(batch.quarantine.map { SQLiteStore.array($0.header) }), .text(codes),
                ])
            var digests = CountryDigests()
            if let q = batch.quarantine {
                try client.copy(
                    "quarantined_rows",
                    columns: ["batch_id", "seq", "line", "rule", "column_name", "value", "reason", "fields", "cells"],
                    rows: q.rows.enumerated().map { seq, r in
                        [
                            .int(id), .int(seq), .int(r.line), .text(r.rule), .text(r.column),
                            .bytes(Data(r.value.utf8)),
                            .bytes(Data(r.reason.utf8)), .text(q.fieldsObject(r)), .text(SQLiteStore.array(r.cells)),
                        ]
                    })
            }
            try insertObservations(id, batch.observations, &digests)
            if let share = batch.microdata { try insertMicrodata(id, share, &digests) }
            try client.copy(
                "batch_countries", columns: ["batch_id", "ref_area", "digest"],
                rows: digests.finish().map { [.int(id), .text($0.0), .text($0.1)] })
            var coverage: [[PGValue]] = []
            for (area, years) in batch.coverage {
                for (year, domains) in years {
                    for d in domains { coverage.append([.int(id), .text(area), .text(d.rawValue), .int(year)]) }
                }
            }
            try client.copy("coverage", columns: ["batch_id", "ref_area", "domain", "time_period"], rows: coverage)
            inTransaction?("saving:\(batch.source)")
            return id
        }
    }

    public func batch(source: String, fingerprint: String) throws -> Int64? {
        try write {
            guard
                let id = try client.scalar(
                    "SELECT id FROM batches WHERE source = $1 AND fingerprint = $2 ORDER BY id DESC LIMIT 1",
                    [.text(source), .text(fingerprint)], as: Int64.self)
            else { return nil }
            try client.execute("UPDATE batches SET current = 0 WHERE source = $1 AND current = 1", [.text(source)])
            try client.execute("UPDATE batches SET current = 1 WHERE id = $1", [.int(id)])
            return id
        }
    }

    public func restamp(batch id: Int64, file: FileStamp, stampedAtNs: Int64) throws {
        try client.execute(
            "UPDATE batches SET path = $1, mtime_ns = $2, ctime_ns = $3, inode = $4, stamped_ns = $5 WHERE id = $6",
            [
                .text(file.path), .int(file.mtimeNs), .int(file.ctimeNs), .int(file.inode), .int(stampedAtNs),
                .int(id),
            ])
    }

    func insertObservations(_ id: Int64, _ rows: ObservationTable, _ digests: inout CountryDigests) throws {
        guard !rows.isEmpty else { return }
        if rows.indices.allSatisfy({ rows.domain($0) == .measures }) {
            try client.execute(
                "INSERT INTO batch_payloads (batch_id, rows, content) VALUES ($1, $2, $3)",
                [.int(id), .int(rows.count), .bytes(ObservationPayload.encode(rows, digests: &digests))])
            return
        }
        var values: [[PGValue]] = []
        values.reserveCapacity(rows.count)
        for (seq, o) in rows.enumerated() {
            let d = o.dims
            values.append([
                .int(id), .int(seq), .text(o.domain.rawValue), .text(o.refArea), .int(o.year),
                .text(o.direction?.rawValue), .text(d.sex), .text(d.age), .text(d.partner), .text(d.duration),
                .text(d.reason), .text(d.education), .text(d.sector), .text(d.occupation), .double(o.value),
                .text(o.status.code), .text(o.currency), .text(o.measure), .text(o.unit), .text(o.period), .int(o.line),
            ])
            digests.add(o.refArea, SQLiteStore.digestFields(o))
        }
        try client.copy(
            "observations",
            columns: [
                "batch_id", "seq", "domain", "ref_area", "time_period", "direction", "sex", "age", "partner",
                "duration",
                "reason", "education", "sector", "occupation", "obs_value", "obs_status", "currency", "measure", "unit",
                "period", "line",
            ], rows: values)
    }

    /// Microdata as `SQLiteStore.insertMicrodata` keeps it: the same rows and the same digest
    /// fields in the same order.
    func insertMicrodata(_ id: Int64, _ share: MicrodataShare, _ digests: inout CountryDigests) throws {
        let codes = share.codes.map { $0.joined(separator: ",") }.joined(separator: ";")
        var blocks: [[PGValue]] = []
        for (key, counters) in share.groups {
            let data = SQLiteStore.sparse(counters)
            blocks.append([.int(id), .text(key.refArea), .int(key.year), .text(key.direction.rawValue), .bytes(data)])
            digests.add(key.refArea, ["block", codes, String(key.year), key.direction.rawValue], data)
        }
        try client.copy(
            "microdata_blocks", columns: ["batch_id", "ref_area", "time_period", "direction", "counters"], rows: blocks)
        var cells: [[PGValue]] = []
        let sorted = share.cells.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        for (seq, (key, d, c)) in sorted.enumerated() {
            cells.append([
                .int(id), .int(seq), .text(key.domain.rawValue), .text(key.refArea), .int(key.year),
                .text(key.direction?.rawValue), .text(d.sex), .text(d.age), .text(d.partner), .text(d.duration),
                .text(d.reason), .text(d.education), .text(d.sector), .text(d.occupation), .double(c.value),
                .int(c.cents), .text(c.status.code), .bool(c.missing), .int(c.contributions),
            ])
            digests.add(
                key.refArea,
                [
                    "cell", key.domain.rawValue, String(key.year), key.direction?.rawValue ?? "", d.label,
                    String(c.value.bitPattern), String(c.cents), c.status.code, String(c.missing),
                    String(c.contributions),
                ])
        }
        try client.copy(
            "microdata_cells",
            columns: [
                "batch_id", "seq", "domain", "ref_area", "time_period", "direction", "sex", "age", "partner",
                "duration",
                "reason", "education", "sector", "occupation", "obs_value", "cents", "obs_status", "missing",
                "contributions",
            ], rows: cells)
        var records: [[PGValue]] = []
        for (key, n) in share.records.sorted(by: {
            ($0.0.refArea, $0.0.year, $0.0.direction) < ($1.0.refArea, $1.0.year, $1.0.direction)
        }) {
            records.append([.int(id), .text(key.refArea), .int(key.year), .text(key.direction.rawValue), .int(n)])
            digests.add(key.refArea, ["records", String(key.year), key.direction.rawValue, String(n)])
        }
        try client.copy(
            "microdata_records", columns: ["batch_id", "ref_area", "time_period", "direction", "records"],
            rows: records)
    }

    public func currentBatches() throws -> [String: BatchInfo] {
        try read { try batchInfos(where: "current = 1") }
    }

    public func publishedBatches(known: [String: BatchInfo] = [:]) throws -> [String: BatchInfo] {
        try read {
            let ids = try client.query(
                """
                SELECT b.source, b.id FROM batches b JOIN run_batches rb ON rb.batch_id = b.id
                WHERE rb.run_id = (SELECT max(id) FROM runs WHERE outcome = 'published')
                """
            ).map { (try $0.string(0), try $0.int64(1)) }
            var out: [String: BatchInfo] = [:], missing: [Int64] = []
            for (source, id) in ids {
                if let b = known[source], b.id == id { out[source] = b } else { missing.append(id) }
            }
            if !missing.isEmpty {
                out.merge(try batchInfos(where: "id IN (\(missing.map(String.init).joined(separator: ", ")))")) {
                    a, _ in a
                }
            }
            return out
        }
    }

    func batchInfos(where condition: String) throws -> [String: BatchInfo] {
        var out: [String: BatchInfo] = [:]
        for row in try client.query(
            """
            SELECT id, source, domain, fingerprint, path, sha256, bytes, mtime_ns, ctime_ns, inode,
              imported_at, stamped_ns, report
            FROM batches WHERE \(condition)
            """)
        {
            let report = try JSONDecoder().decode(SourceReport.self, from: Data(try row.string(12).utf8))
            let file = FileStamp(
                path: try row.string(4), sha256: try row.string(5), bytes: try row.int(6), mtimeNs: try row.int64(7),
                ctimeNs: try row.int64(8), inode: try row.int64(9))
            let source = try row.string(1)
            out[source] = BatchInfo(
                id: try row.int64(0), source: source, domain: try row.string(2), fingerprint: try row.string(3),
                file: file, importedAt: try row.string(10), stampedAtNs: try row.int64(11), report: report)
        }
        return out
    }

    /// The eight breakdowns from consecutive columns, in `Dimensions.Field` order.
    static func dimensions(_ row: PostgresRandomAccessRow, from first: Int) throws -> Dimensions {
        var dims = Dimensions()
        (dims.sex, dims.age, dims.partner, dims.duration) = (
            try row.string(first), try row.string(first + 1), try row.string(first + 2), try row.string(first + 3)
        )
        (dims.reason, dims.education, dims.sector, dims.occupation) = (
            try row.string(first + 4), try row.string(first + 5), try row.string(first + 6), try row.string(first + 7)
        )
        return dims
    }

    public func observations(
        batch id: Int64, naming countries: Set<String>, _ each: (Observation) throws -> Void
    )
        throws
    {
        let kept = try read {
            try client.query("SELECT content FROM batch_payloads WHERE batch_id = $1", [.int(id)]).first?.data(0)
        }
        guard let kept else {
            return try observations(batch: id, countries: nil) { o in
                if countries.contains(o.refArea) || countries.contains(o.dims.partner) { try each(o) }
            }
        }
        try ObservationPayload.decode(kept, batch: id, status: status, naming: countries, each)
    }

    public func observations(batch id: Int64, countries: Set<String>?, _ each: (Observation) throws -> Void) throws {
        // Rows are read in full before `each` sees any (the connection is not shared with it).
        let (kept, rows) = try read { () -> (Data?, [PostgresRandomAccessRow]) in
            if let kept = try client.query("SELECT content FROM batch_payloads WHERE batch_id = $1", [.int(id)]).first {
                return (try kept.data(0), [])
            }
            let few = countries.map { $0.count <= 100 } ?? false
            let areas = few ? countries!.sorted() : []
            let filter =
                few ? " AND ref_area IN (\(areas.indices.map { "$\($0 + 2)" }.joined(separator: ", ")))" : ""
            return (
                nil,
                try client.query(
                    """
                    SELECT domain, ref_area, time_period, direction, sex, age, partner, duration, reason, education,
                      sector, occupation, obs_value, obs_status, currency, measure, unit, period, line
                    FROM observations WHERE batch_id = $1\(filter) ORDER BY seq
                    """, [.int(id)] + areas.map { .text($0) })
            )
        }
        if let kept {
            try ObservationPayload.decode(kept, batch: id, status: status) { o in
                if countries?.contains(o.refArea) ?? true { try each(o) }
            }
            return
        }
        for row in rows {
            let area = try row.string(1)
            if let countries, !countries.contains(area) { continue }
            guard let domain = Domain(rawValue: try row.string(0)) else {
                throw StoreError(.incompatible, "batch \(id): unknown domain \(try row.string(0))")
            }
            var o = Observation(
                domain: domain, refArea: area, year: try row.int(2),
                direction: try row.optionalString(3).flatMap(Direction.init),
                dims: try PostgresStore.dimensions(row, from: 4),
                value: try row.optionalDouble(12), status: try status(try row.string(13)),
                currency: try row.optionalString(14), line: try row.int(18))
            (o.measure, o.unit, o.period) = (
                try row.optionalString(15), try row.optionalString(16), try row.optionalString(17)
            )
            try each(o)
        }
    }

    public func microdataShare(batch id: Int64, countries: Set<String>?) throws -> MicrodataShare {
        try read {
            func keep(_ area: String) -> Bool { countries?.contains(area) ?? true }
            let json =
                try client.scalar("SELECT microdata_codes FROM batches WHERE id = $1", [.int(id)], as: String.self)
                ?? "[]"
            let codes = try JSONDecoder().decode([[String]].self, from: Data(json.utf8))
            var share = MicrodataShare(codes: codes, groups: [], cells: [], records: [])
            for row in try client.query(
                """
                SELECT ref_area, time_period, direction, counters FROM microdata_blocks WHERE batch_id = $1
                ORDER BY ref_area COLLATE "C", time_period, direction COLLATE "C"
                """, [.int(id)]) where keep(try row.string(0))
            {
                guard let counters = SQLiteStore.dense(try row.data(3)) else {
                    throw StoreError(.incompatible, "batch \(id): a microdata block does not fit this version of emp")
                }
                share.groups.append(
                    (try SQLiteStore.groupKey(try row.string(0), try row.int(1), try row.string(2)), counters))
            }
            for row in try client.query(
                """
                SELECT domain, ref_area, time_period, direction, sex, age, partner, duration, reason, education,
                  sector, occupation, obs_value, cents, obs_status, missing, contributions
                FROM microdata_cells WHERE batch_id = $1 ORDER BY seq
                """, [.int(id)]) where keep(try row.string(1))
            {
                guard let domain = Domain(rawValue: try row.string(0)) else {
                    throw StoreError(.incompatible, "batch \(id): unknown domain \(try row.string(0))")
                }
                var cell = Cell()
                (cell.value, cell.cents, cell.status) = (
                    try row.double(12), try row.int64(13), try status(try row.string(14))
                )
                (cell.missing, cell.contributions) = (try row.bool(15), try row.int(16))
                let key = TableKey(
                    domain: domain, refArea: try row.string(1), year: try row.int(2),
                    direction: try row.optionalString(3).flatMap(Direction.init))
                share.cells.append((key, try PostgresStore.dimensions(row, from: 4), cell))
            }
            for row in try client.query(
                """
                SELECT ref_area, time_period, direction, records FROM microdata_records WHERE batch_id = $1
                ORDER BY ref_area COLLATE "C", time_period, direction COLLATE "C"
                """, [.int(id)]) where keep(try row.string(0))
            {
                share.records.append(
                    (try SQLiteStore.groupKey(try row.string(0), try row.int(1), try row.string(2)), try row.int(3)))
            }
            return share
        }
    }

    public func quarantine(batch id: Int64) throws -> KeptQuarantine? {
        try read {
            guard
                let row = try client.query(
                    "SELECT quarantine_header, quarantine FROM batches WHERE id = $1", [.int(id)]
                ).first
            else { return nil }
            guard let header = try row.optionalString(0) else {
                return try row.optionalData(1).map(KeptQuarantine.file)
            }
            let rows = try client.query(
                """
                SELECT line, rule, column_name, value, reason, cells FROM quarantined_rows WHERE batch_id = $1
                ORDER BY seq
                """, [.int(id)]
            ).map {
                RejectedRow(
                    line: try $0.int(0), rule: try $0.string(1), column: try $0.string(2), value: try $0.utf8(3),
                    reason: try $0.utf8(4), cells: try SQLiteStore.strings(try $0.optionalString(5)))
            }
            return .rows(Quarantine(header: try SQLiteStore.strings(header), rows: rows))
        }
    }

    public func countryDigests(batches: [Int64]) throws -> [String: [String]] {
        try read {
            var out: [String: [String]] = [:]
            for id in batches {
                for row in try client.query(
                    """
                    SELECT c.ref_area, b.source, c.digest FROM batch_countries c JOIN batches b ON b.id = c.batch_id
                    WHERE c.batch_id = $1 ORDER BY c.ref_area COLLATE "C"
                    """, [.int(id)])
                {
                    out[try row.string(0), default: []].append("\(try row.string(1)):\(try row.string(2))")
                }
            }
            return out
        }
    }

    public func coverage(batches: [Int64]) throws -> [String: [Int: Set<Domain>]] {
        try read {
            var out: [String: [Int: Set<Domain>]] = [:]
            for id in batches {
                for row in try client.query(
                    "SELECT ref_area, domain, time_period FROM coverage WHERE batch_id = $1", [.int(id)])
                {
                    guard let d = Domain(rawValue: try row.string(1)) else { continue }
                    out[try row.string(0), default: [:]][try row.int(2), default: []].insert(d)
                }
            }
            return out
        }
    }
}
