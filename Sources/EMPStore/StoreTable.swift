import Foundation

/// One table of a store's history as plain values, to move the history from one backend to
/// the other (`emp store copy`): the backends keep the same tables and columns, so a table
/// read from one loads into the other as it is, a text kept as bytes where a backend needs it.
public struct StoreTable: Sendable {
    public var name: String
    public var columns: [String]
    public var rows: [[StoreCell]]

    public init(name: String, columns: [String], rows: [[StoreCell]]) {
        (self.name, self.columns, self.rows) = (name, columns, rows)
    }

    /// emp's tables, in an order that loads (a row after the rows it refers to). The lock
    /// and each backend's own bookkeeping (SQLite's migrations, PostgreSQL's `locks`) stay.
    public static let history = [
        "meta", "runs", "batches", "batch_countries", "coverage", "quarantined_rows", "observations", "batch_payloads",
        "microdata_blocks", "microdata_cells", "microdata_records", "run_batches", "published", "pending_changes",
        "country_outputs", "country_renderings", "country_facts", "table_outputs",
    ]
}

/// A value of a store's cell.
public enum StoreCell: Sendable, Equatable {
    case null
    case int(Int64)
    case real(Double)
    case text(String)
    case bytes(Data)

    /// As a text, for a column the destination keeps as text (bytes read as UTF-8).
    public var asText: StoreCell {
        if case .bytes(let d) = self { return .text(String(decoding: d, as: UTF8.self)) }
        return self
    }

    /// As bytes, for a column the destination keeps as bytes.
    public var asBytes: StoreCell {
        if case .text(let s) = self { return .bytes(Data(s.utf8)) }
        return self
    }
}
