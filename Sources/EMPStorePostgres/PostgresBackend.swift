import EMPCore
import EMPStore

/// The PostgreSQL store: `--store postgresql://user@host:port/db` (or `postgres://`), the
/// schema `emp` of that database, locked with the server's advisory locks.
public struct PostgresBackend: StoreBackend {
    /// The SDMX flags by code, to give observations back with their rank.
    let flags: [String: ObsStatus]

    public init(flags: [String: ObsStatus]) { self.flags = flags }

    public func handles(_ location: String) -> Bool { PostgresURL.handles(location) }

    /// False when the database has no schema `emp` yet; throws when it is not a sound emp store
    /// (and when the server cannot be reached: a store that cannot be looked at is not "nothing").
    public func inspect(_ location: String) throws -> Bool {
        let client = try PostgresClient(try PostgresURL(location))
        defer { client.close() }
        return try PostgresSchema.state(client) != nil
    }

    public func lock(_ location: String, command: String, wait: Bool, giveUp: () -> Bool) throws -> AnyObject {
        try PostgresLock(url: try PostgresURL(location), command: command, wait: wait, giveUp: giveUp)
    }

    public func open(_ location: String, create: Bool) throws -> any ReleaseStore {
        try PostgresStore(location: location, create: create, flags: flags)
    }

    /// A failed statement mid-run: the server's words, as an input/output failure of the store.
    public func explain(_ error: Error, location: String) -> StoreError? {
        if let e = error as? StoreError { return e }
        if let e = error as? PostgresFailure { return StoreError(.io, e.description) }
        return nil
    }
}
