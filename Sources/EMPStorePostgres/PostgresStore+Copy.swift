import EMPStore
import Foundation
import PostgresNIO

/// A history moved between stores (`emp store copy`): each table's rows in the order of its
/// primary key, as the SQLite store gives them; texts the schema keeps as bytes go as bytes.
extension PostgresStore {
    /// Each column of `table` with its type (`bigint`, `text`, `bytea`, `double precision`).
    func columnTypes(_ table: String) throws -> [(name: String, type: String)] {
        try client.query(
            """
            SELECT column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position
            """, [.text(PostgresSchema.name), .text(table)]
        ).map { (try $0.string(0), try $0.string(1)) }
    }

    func primaryKey(_ table: String) throws -> [String] {
        try client.query(
            """
            SELECT a.attname::text FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)
            """, [.text("\(PostgresSchema.name).\(table)")]
        ).map { try $0.string(0) }
    }

    public func exportTable(_ name: String) throws -> StoreTable {
        try read {
            let columns = try columnTypes(name)
            let quoted = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
            let key = try primaryKey(name).map { "\"\($0)\"" }.joined(separator: ", ")
            let rows = try client.query("SELECT \(quoted) FROM \(name)" + (key.isEmpty ? "" : " ORDER BY \(key)"))
            return StoreTable(
                name: name, columns: columns.map(\.name),
                rows: try rows.map { row in
                    try columns.enumerated().map { i, column in
                        switch column.type {
                        case "bigint", "integer": return try row.optionalInt(i).map { .int(Int64($0)) } ?? .null
                        case "double precision", "real": return try row.optionalDouble(i).map { .real($0) } ?? .null
                        case "bytea": return try row.optionalData(i).map { .bytes($0) } ?? .null
                        default: return try row.optionalString(i).map { .text($0) } ?? .null
                        }
                    }
                })
        }
    }

    public func importTables(_ tables: [StoreTable]) throws {
        try write {
            guard (try client.scalar("SELECT count(*) FROM runs", as: Int64.self) ?? 0) == 0 else {
                throw StoreError(.io, "\(path) already holds a history: copy into a new store")
            }
            // The new store's own identity gives way to the copied one's.
            try client.execute("DELETE FROM meta")
            for table in tables where !table.rows.isEmpty {
                let types = Dictionary(
                    try columnTypes(table.name).map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
                if let missing = table.columns.first(where: { types[$0] == nil }) {
                    throw StoreError(.incompatible, "table \(table.name) has no column \(missing) here")
                }
                let bytes = table.columns.map { types[$0] == "bytea" }
                let rows = table.rows.map { row in
                    row.enumerated().map { i, cell -> PGValue in
                        switch bytes[i] ? cell.asBytes : cell.asText {
                        case .null: return .null
                        case .int(let v): return .int(v)
                        case .real(let v): return .double(v)
                        case .text(let v): return .text(v)
                        case .bytes(let v): return .bytes(v)
                        }
                    }
                }
                try client.copy(table.name, columns: table.columns, rows: rows)
            }
        }
    }
}
