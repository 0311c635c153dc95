import EMPCore
import EMPStore

/// The SQLite store: one file beside the output folder (or at `--store PATH`), locked with
/// `flock` on `<store>.lock`.
public struct SQLiteBackend: StoreBackend {
    /// The SDMX flags by code, to give observations back with their rank.
    let flags: [String: ObsStatus]

    public init(flags: [String: ObsStatus]) { self.flags = flags }

    /// Any location that is not a URL of another backend is a file path.
    public func handles(_ location: String) -> Bool { !location.contains("://") }

    public func inspect(_ location: String) throws -> Bool { try SQLiteStore.inspect(path: location) }

    public func lock(_ location: String, command: String, wait: Bool, giveUp: () -> Bool) throws -> AnyObject {
        try StoreLock(storePath: location, command: command, wait: wait, giveUp: giveUp)
    }

    public func open(_ location: String, create: Bool) throws -> any ReleaseStore {
        try SQLiteStore(path: location, create: create, flags: flags)
    }

    public func explain(_ error: Error, location: String) -> StoreError? { StoreError.sqlite(error, path: location) }
}

extension SQLiteStore: ReleaseStore {}
