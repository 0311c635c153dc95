import EMPCore
import EMPStore
import EMPStoreSQLite
import Foundation

/// The pipeline's store on a PostgreSQL server, in the schema `emp` of a database the office
/// already runs and backs up: the SQLite store's tables, transactions and results (each method
/// here mirrors `SQLiteStore`'s), over one connection of its own. Every change is one
/// transaction, so a process killed at any moment leaves either the change or nothing (the
/// server rolls back what a dropped connection had not committed).
public final class PostgresStore {
    /// The URL without its password.
    public let path: String
    let client: PostgresClient
    public var inTransaction: ((String) -> Void)?
    /// The SDMX flags by code (the shipped CL_OBS_STATUS list).
    let flags: [String: ObsStatus]

    /// Connects, and makes (when `create`) or migrates the schema. A schema `emp` that is not
    /// emp's, or is missing tables, is refused (`StoreError.kind`), as SQLite refuses a foreign file.
    public init(url: PostgresURL, create: Bool = true, flags: [String: ObsStatus]) throws {
        path = url.display
        self.flags = flags
        client = try PostgresClient(url)
        try PostgresSchema.migrate(client, create: create)
    }

    public convenience init(location: String, create: Bool = true, flags: [String: ObsStatus]) throws {
        try self.init(url: try PostgresURL(location), create: create, flags: flags)
    }

    /// The connection, for tests and `emp store copy` (raw rows).
    public var connection: PostgresClient { client }

    public func storeID() throws -> String {
        try client.scalar("SELECT value FROM meta WHERE key = 'store_id'", as: String.self) ?? ""
    }

    /// A write: one transaction.
    func write<T>(_ body: () throws -> T) throws -> T { try client.transaction(body) }

    /// A read of several statements: one snapshot, as SQLite's read transaction.
    func read<T>(_ body: () throws -> T) throws -> T { try client.transaction(readOnly: true, body) }

    /// The next id of `table`: one more than the largest, as SQLite gives a rowid (no sequence,
    /// so a rolled-back transaction uses up no number). Writers hold the store's lock.
    func nextID(_ table: String) throws -> Int64 {
        (try client.scalar("SELECT max(id) FROM \(table)", as: Int64.self) ?? 0) + 1
    }

    func status(_ code: String) throws -> ObsStatus {
        if code == ObsStatus.normal.code { return .normal }
        guard let s = flags[code] else { throw StoreError(.incompatible, "unknown OBS_STATUS '\(code)' in the store") }
        return s
    }

    /// Dates in the store: ISO 8601 in UTC, to the millisecond (as the SQLite store's).
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}

extension PostgresStore: ReleaseStore {}
