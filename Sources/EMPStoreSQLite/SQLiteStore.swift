import Foundation
import EMPCore
import GRDB
import EMPStore

/// The pipeline's store, one SQLite file beside its output folder: every batch imported with
/// its provenance and canonical observations, the run ledger, and each published indicator
/// value with the runs it was valid for. Every change is one transaction, so a process killed
/// at any moment leaves either the change or nothing (SQLite's write-ahead log).
public final class SQLiteStore {
    public let path: String
    let db: DatabaseQueue
    /// Called with a name inside each batch-saving and publishing transaction, before it
    /// commits (the pipeline's failpoints: a test kills emp there to see nothing half-written).
    public var inTransaction: ((String) -> Void)?
    /// The SDMX flags by code (the shipped CL_OBS_STATUS list): the store keeps a flag's code,
    /// and gives observations back with the flag's rank.
    let flags: [String: ObsStatus]

    /// Opens (creating it when `create`) and migrates the store at `path`. Only a missing file
    /// is made anew: an empty, foreign or damaged one is refused (`StoreError.kind`), so a
    /// store's history is never replaced by an empty one without the user saying so.
    public init(path: String, create: Bool = true, flags: [String: ObsStatus]) throws {
        self.path = path
        self.flags = flags
        if try !StoreFile.exists(path) {
            guard create else {
                throw StoreError(.missing, "\(path): no store yet (a first `emp run` or `emp import` makes it)")
            }
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
        let beside = StoreFile.companions(path)
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.foreignKeysEnabled = true
        // FULL: a commit is on disk before emp goes on (e.g. before it swaps the outputs in).
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            // Before anything is written: switching to WAL would already change a foreign file.
            try db.read { try StoreFile.checkSchema($0, path, beside: beside) }
            try db.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
            try StoreSchema.migrator.migrate(db)
            // The queue's one connection keeps it for the store's life (see `stagingTable`).
            try db.writeWithoutTransaction { try StoreSchema.stagingTable($0) }
        } catch let error as DatabaseError where StoreFile.isDamage(error) {
            throw StoreFile.damaged(path, "is damaged (SQLite: \(error.message ?? "\(error)"))", beside: beside)
        } catch let error as DatabaseError {
            throw StoreError(.io, "\(path): cannot open the store: \(error.message ?? "\(error)")")
        }
    }

    /// The store's identity, made when it was created: the output folder's marker names it.
    public func storeID() throws -> String {
        try db.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'store_id'") } ?? ""
    }

    /// The default place: `<output>.emp.sqlite` beside the output folder `<output>`.
    /// Lexical: a link at the output path is never followed (the store stays beside the path given).
    public static func defaultPath(output: String) -> String {
        Paths.lexical(output) + ".emp.sqlite"
    }
}

/// Dates in the store: ISO 8601 in UTC, to the millisecond.
enum StoreClock {
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
