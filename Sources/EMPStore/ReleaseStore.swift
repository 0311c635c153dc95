import EMPAggregate
import EMPCore
import Foundation

/// Where emp keeps a pipeline's history: every batch imported (provenance, canonical rows,
/// rejected rows), the run ledger, each published value with the runs it was valid for, and
/// each country's rendering per output format. The pipeline runner works only through this
/// protocol; SQLite (`EMPStoreSQLite`) is one implementation, and a shared database is another
/// backend behind the same protocol (see `StoreBackend`).
///
/// Every method that changes the store is one transaction: a process killed at any moment
/// leaves either the change or nothing.
public protocol ReleaseStore: AnyObject {
    /// How the user names the store (a file path, a database URL without its password).
    var path: String { get }
    /// Called with a name inside each batch-saving and publishing transaction, before it
    /// commits (the pipeline's failpoints: a test kills emp there to see nothing half-written).
    var inTransaction: ((String) -> Void)? { get set }

    /// The store's identity, made when it was created: the output folder's marker names it.
    func storeID() throws -> String
    /// Every problem found (the backend's own integrity check, then emp's rules and the kept
    /// bytes against their digests), one line each; empty: the store is sound.
    func check() throws -> [String]

    // MARK: Batches

    /// Keeps a new batch as its source's current one; returns its id.
    @discardableResult func save(_ batch: NewBatch, runID: Int64) throws -> Int64
    /// An earlier batch of `source` with this fingerprint, made current again (nil: none).
    func batch(source: String, fingerprint: String) throws -> Int64?
    /// Records that a batch's file was seen again (same bytes) with new times.
    func restamp(batch id: Int64, file: FileStamp, stampedAtNs: Int64) throws
    /// Each source's current batch.
    func currentBatches() throws -> [String: BatchInfo]
    /// Each source's batch in the last published release (`known`: batches already decoded).
    func publishedBatches(known: [String: BatchInfo]) throws -> [String: BatchInfo]
    /// An aggregate batch's observations in file order; `countries`: only those reporting countries.
    func observations(batch id: Int64, countries: Set<String>?, _ each: (Observation) throws -> Void) throws
    /// A measures batch's observations in file order that name one of `countries` as
    /// reporting country or as partner (a corridor cost counts for both).
    func observations(batch id: Int64, naming countries: Set<String>, _ each: (Observation) throws -> Void) throws
    /// A microdata batch's summed records.
    func microdataShare(batch id: Int64, countries: Set<String>?) throws -> MicrodataShare
    /// The rows a batch set aside (nil: none).
    func quarantine(batch id: Int64) throws -> KeptQuarantine?
    /// Per country, `source:digest` of its rows in each of `batches`, in the order given.
    func countryDigests(batches: [Int64]) throws -> [String: [String]]
    /// Which domains each country has for each year in `batches`.
    func coverage(batches: [Int64]) throws -> [String: [Int: Set<Domain>]]

    // MARK: Published values and renderings

    /// The values of a country as currently published.
    func currentValues(of area: String) throws -> [PublishedValue]
    /// Countries with values currently published.
    func publishedCountries() throws -> [String]
    /// Per country, what its kept rendering was made from, the digest of its bytes and its formats.
    func countryOutputDigests() throws -> [String: KeptRendering]
    /// A country's kept rendering; the caller uses it only when `isIntact`.
    func countryOutput(_ area: String) throws -> CountryOutput?
    /// A whole output table as last published (e.g. `measures.csv`).
    func tableOutput(_ name: String) throws -> TableOutput?
    /// Keeps a whole output table rendered by a run (it counts once the run is published).
    func stageTableOutput(run id: Int64, name: String, digest: String, content: Data) throws
    /// Keeps part of a run's work as it goes: changes (applied when the run publishes),
    /// countries rendered anew, countries computed again to the same bytes (their new input digest).
    func stage(
        run id: Int64, changes: [ValueChange], firstSeq: Int, rendered: [CountryOutput],
        redigested: [String: String]) throws
    /// Records a publication: the staged changes, the countries no longer published, the
    /// batches used and the end of the run.
    func publish(run id: Int64, dropped: [String], batches: [Int64], end: RunEnd) throws
    /// What a published run changed against the publication before it.
    func changes(ofRun id: Int64) throws -> [ValueChange]
    /// How many releases the store has published (the next one is this plus one).
    func releaseCount() throws -> Int
    /// Keeps the last `keep` published releases (their values, the batches they used, and
    /// what `emp diff` shows of each) and every batch not yet published; removes the rest of
    /// the history and gives the space back. The ledger keeps every run's row, so release
    /// numbers do not change.
    func prune(keep: Int) throws -> PruneResult

    // MARK: The release guards' base

    /// How many currently published values have a number.
    func publishedWithNumber() throws -> Int
    /// Per country kept: how many of its values have a number, and its denominator warnings.
    func countrySummaries() throws -> [String: (numbers: Int?, gaps: [String])]
    /// The sources the last release was made from.
    func publishedSources() throws -> Set<String>

    // MARK: Moving a history (`emp store copy`)

    /// One of `StoreTable.history`, every row.
    func exportTable(_ name: String) throws -> StoreTable
    /// Loads a whole history read from another store into this one, in one transaction; the
    /// store must hold no run yet (a new store: its identity becomes the copied one's).
    func importTables(_ tables: [StoreTable]) throws

    // MARK: The ledger

    /// Starts a ledger row; throws `RunInProgress` when a live emp is recorded as running.
    func beginRun(command: String, pipeline: String, full: Bool) throws -> Int64
    func finishRun(_ id: Int64, _ end: RunEnd) throws
    /// The last runs, newest first.
    func runs(limit: Int) throws -> [RunRecord]
    /// The last published run with its release digest and batches.
    func lastPublished() throws -> (run: RunRecord, settings: String, batches: Set<Int64>)?
    /// Batches imported, newest first.
    func batchHistory(
        limit: Int
    ) throws -> [(source: String, importedAt: String, sha256: String, rows: Int, current: Bool)]
}

extension ReleaseStore {
    public func publishedBatches() throws -> [String: BatchInfo] { try publishedBatches(known: [:]) }
}

/// A kind of store: how a store location is recognised, looked at, locked and opened. The
/// runner finds the backend for `--store` among `StoreBackends` (in EMPPipeline).
public protocol StoreBackend: Sendable {
    /// Whether `location` names a store of this backend (a path, a URL with its scheme).
    func handles(_ location: String) -> Bool
    /// Looks without creating anything: false when nothing is there; throws `StoreError`
    /// (`.notEmp`, `.damaged`) for what is not a sound emp store.
    func inspect(_ location: String) throws -> Bool
    /// Takes the store's exclusive lock, held until the returned lease is released; throws
    /// `LockHeld` when another process has it and `wait` is false, `LockGaveUp` when
    /// `giveUp` says so while waiting.
    func lock(_ location: String, command: String, wait: Bool, giveUp: () -> Bool) throws -> AnyObject
    /// Opens (creating it when `create`) and migrates the store.
    func open(_ location: String, create: Bool) throws -> any ReleaseStore
    /// A backend error told as a `StoreError` (e.g. a damaged file found mid-run); nil for others.
    func explain(_ error: Error, location: String) -> StoreError?
}
