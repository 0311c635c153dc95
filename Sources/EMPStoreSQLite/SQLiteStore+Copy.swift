import EMPStore
import Foundation
import GRDB

/// A history moved between stores (`emp store copy`): each table's rows in the order of its
/// primary key (every table has one; most are kept in that order, WITHOUT ROWID).
extension SQLiteStore {
    public func exportTable(_ name: String) throws -> StoreTable {
        try db.read { db in
            let columns = try db.columns(in: name).map(\.name)
            let quoted = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            var rows: [[StoreCell]] = []
            let key = try db.primaryKey(name).columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(quoted) FROM \(name) ORDER BY \(key)")
            while let row = try cursor.next() {
                rows.append(
                    (0..<columns.count).map { i in
                        switch (row[i] as DatabaseValue).storage {
                        case .null: return .null
                        case .int64(let v): return .int(v)
                        case .double(let v): return .real(v)
                        case .string(let v): return .text(v)
                        case .blob(let v): return .bytes(v)
                        }
                    })
            }
            return StoreTable(name: name, columns: columns, rows: rows)
        }
    }

    public func importTables(_ tables: [StoreTable]) throws {
        try db.write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") == 0 else {
                throw StoreError(.io, "\(path) already holds a history: copy into a new store")
            }
            // The new store's own identity gives way to the copied one's.
            try db.execute(sql: "DELETE FROM meta")
            for table in tables {
                let declared = try db.columns(in: table.name)
                let kinds = Dictionary(
                    declared.map { ($0.name, $0.type.uppercased()) }, uniquingKeysWith: { a, _ in a })
                if let missing = table.columns.first(where: { kinds[$0] == nil }) {
                    throw StoreError(.incompatible, "table \(table.name) has no column \(missing) here")
                }
                try load(db, table, kinds)
            }
        }
    }

    private func load(_ db: Database, _ table: StoreTable, _ kinds: [String: String]) throws {
        guard !table.rows.isEmpty else { return }
        let names = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        let insert = try db.makeStatement(sql: "INSERT INTO \(table.name) (\(names)) VALUES (\(marks))")
        // A column SQLite keeps as text gets text (PostgreSQL keeps some as bytes), but for the
        // cells a rejected row's text may hold a NUL in: kept as bytes, as a run writes them.
        let bytes = SQLiteStore.byteColumns[table.name] ?? []
        let asText = table.columns.map { kinds[$0]!.contains("TEXT") && !bytes.contains($0) }
        for row in table.rows {
            let values: [DatabaseValue] = row.enumerated().map { i, cell in
                switch asText[i] ? cell.asText : cell {
                case .null: return .null
                case .int(let v): return v.databaseValue
                case .real(let v): return v.databaseValue
                case .text(let v): return v.databaseValue
                case .bytes(let v): return v.databaseValue
                }
            }
            try insert.execute(arguments: StatementArguments(values))
        }
    }

    /// Columns declared TEXT whose cells are written as blobs of UTF-8 (any byte, NUL too: a
    /// C string, as SQLite's text is read back, would end there).
    static let byteColumns: [String: Set<String>] = ["quarantined_rows": ["value", "reason"]]

    /// A cell written as bytes (or as text by an older emp) read back as its text.
    static func utf8(_ value: DatabaseValue) -> String {
        (Data.fromDatabaseValue(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
