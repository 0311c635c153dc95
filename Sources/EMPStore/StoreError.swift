/// What a store reports when it cannot do what was asked; the caller maps `kind` to an exit code.
public struct StoreError: Error, CustomStringConvertible {
    /// What went wrong, for the caller's exit code (`ExitStatus.of` in EMPPipeline maps it).
    public enum Kind: Sendable, Equatable {
        /// An emp store, or what is left of one, that cannot be trusted: empty, cut short,
        /// reported corrupt by its backend, or missing tables its migrations made.
        case damaged
        /// Not emp's: another file, a database without emp's schema, a symbolic link.
        case notEmp
        /// No store there yet (a verb that only reads asked for one).
        case missing
        /// The store cannot be read, written or locked (permissions, disk, a lock file replaced).
        case io
        /// The store holds what this version of emp cannot read (a newer or older layout): `--full` rebuilds it.
        case incompatible
    }

    public var kind: Kind
    public var description: String
    public init(_ kind: Kind, _ description: String) { (self.kind, self.description) = (kind, description) }
}

/// Another process holds the store's lock (`--wait` waits for it).
public struct LockHeld: Error, CustomStringConvertible {
    /// Where the lock is (a lock file, or the database that holds it).
    public var path: String
    /// `pid 1234: emp run pipelines/default.yml (since …)`, as the holder wrote it.
    public var holder: String
    public var description: String { "another emp holds the store lock \(path): \(holder)" }

    public init(path: String, holder: String) { (self.path, self.holder) = (path, holder) }
}

/// Waiting for the lock was given up because the caller said so (a signal came).
public struct LockGaveUp: Error {
    public init() {}
}

/// Another emp process is recorded as running in the ledger and is alive.
public struct RunInProgress: Error, CustomStringConvertible {
    public var holder: String
    public var description: String { "another emp is running on this store (\(holder)) though its lock file is gone" }

    public init(holder: String) { self.holder = holder }
}
