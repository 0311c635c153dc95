/// The rows a source set aside, as values: validation makes them, the quarantine file is
/// rendered from them and the store keeps them; nothing is read back from a file.
public struct Quarantine: Sendable, Equatable {
    /// The file's own header (the columns of each row's cells).
    public var header: [String]
    public var rows: [RejectedRow]

    public init(header: [String], rows: [RejectedRow] = []) {
        (self.header, self.rows) = (header, rows)
    }

    /// Each row's cells under the header, as a JSON object (how the store lets a row be
    /// queried by column).
    public func fieldsObject(_ row: RejectedRow) -> String {
        JSONValue.object(zip(header, row.cells).map { ($0, .string($1)) }).compact
    }
}

/// One rejected row: its line, why (each problem's rule, column and value joined by `;`, the
/// messages by `; `), and its own cells as the file had them.
public struct RejectedRow: Sendable, Equatable {
    public var line: Int
    public var rule: String
    public var column: String
    public var value: String
    public var reason: String
    public var cells: [String]

    public init(line: Int, rule: String, column: String, value: String, reason: String, cells: [String]) {
        (self.line, self.rule, self.column, self.value, self.reason, self.cells) = (
            line, rule, column, value, reason, cells
        )
    }
}

/// Where an ingest sends its rejected rows: collected in line order for the writer and the store.
public final class QuarantineCollector: @unchecked Sendable {
    public private(set) var quarantine: Quarantine?

    public init() {}

    /// The file's header is known (before any row is rejected).
    public func begin(header: [String]) { quarantine = Quarantine(header: header.map(Echo.bounded)) }

    public func add(_ row: RejectedRow) { quarantine?.rows.append(row) }

    /// The rows set aside (nil when none was).
    public var collected: Quarantine? { quarantine.flatMap { $0.rows.isEmpty ? nil : $0 } }
}
