import EMPCore
import Foundation
import GRDB
import EMPStore

/// `emp status --check`: SQLite's own integrity check, then the store's rules, then the bytes
/// the store keeps for reuse against the digests kept beside them.
extension SQLiteStore {
    /// Every problem found, one line each (empty: the store is sound).
    public func check() throws -> [String] {
        try db.read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            problems += try ruleProblems(db)
            problems += try renderingProblems(db)
            problems += try tableProblems(db)
            problems += try reportProblems(db)
            return problems
        }
    }

    /// One current batch per source, every published run finished, the store's identity there.
    func ruleProblems(_ db: Database) throws -> [String] {
        let doubled = try String.fetchAll(
            db, sql: "SELECT source FROM batches WHERE current = 1 GROUP BY source HAVING count(*) > 1")
        var problems = doubled.map { "source \($0) has more than one current batch" }
        let open =
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM published p JOIN runs r ON r.id = p.from_run WHERE r.outcome != 'published'")
            ?? 0
        if open > 0 { problems.append("\(open) published values belong to a run that did not finish") }
        let id = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'store_id'") ?? ""
        if id.isEmpty {
            problems.append("the store has no identity (meta.store_id is missing): outputs cannot be tied to it")
        }
        return problems
    }

    /// Each country's kept rendering against its digest, one row at a time (they are as large
    /// as the outputs).
    func renderingProblems(_ db: Database) throws -> [String] {
        var problems: [String] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT ref_area, run_id, rendering FROM country_outputs ORDER BY ref_area")
        while let row = try rows.next() {
            let area: String = row[0]
            let kept = CountryOutput(
                refArea: area, digest: "", rendering: row[2], rows: 0, parts: try SQLiteStore.parts(db, of: area))
            if !kept.isIntact {
                problems.append(
                    "country \(kept.refArea): its kept rendering (run \(row[1] as Int64)) does not match its digest: "
                        + "`emp run --full` renders it again"
                )
            }
        }
        return problems
    }

    /// Each kept table against the SHA-256 of its bytes (tables kept before it was recorded
    /// have none to check: they are rendered again rather than used).
    func tableProblems(_ db: Database) throws -> [String] {
        var problems: [String] = []
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT name, run_id, content, content_sha256, deflated FROM table_outputs "
                + "WHERE content_sha256 IS NOT NULL ORDER BY name"
        )
        while let row = try rows.next() {
            let kept = TableOutput(
                digest: "", content: SQLiteStore.keptTable(row[2], deflated: row[4]), contentSHA256: row[3])
            if !kept.isIntact {
                problems.append(
                    "table \(row[0] as String): its kept bytes (run \(row[1] as Int64)) do not match their digest: "
                        + "`emp run --full` renders it again"
                )
            }
        }
        return problems
    }

    /// Every batch's quality report reads back (the pipeline decodes it for each source).
    func reportProblems(_ db: Database) throws -> [String] {
        var problems: [String] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT id, source, report FROM batches ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row[0], source: String = row[1], report: String = row[2]
            do { _ = try JSONDecoder().decode(SourceReport.self, from: Data(report.utf8)) } catch {
                problems.append(
                    "batch \(id) (\(source)): its quality report does not decode (\(SQLiteStore.reason(error)))")
            }
        }
        return problems
    }

    /// A decoding error in a few words (the whole `DecodingError` is a page long).
    public static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        case DecodingError.keyNotFound(let key, _): return "no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        default: return "\(error)"
        }
    }
}
