import EMPCore
import EMPEmit
import EMPStore
import Foundation

/// `emp status` and `emp diff`: what the store holds, read without taking the lock (SQLite
/// readers see the last committed state while a run writes).
public struct StoreReport {
    public let pipelineName: String
    /// The pipeline's sources (a store may still hold batches of sources since removed).
    let sourceNames: Set<String>
    public let store: any ReleaseStore
    let display: (String) -> String

    /// Opens the store of a pipeline (never creates one).
    public init(options: RunOptions) throws {
        let runner = PipelineRunner(options: options)
        let setup = try RunSetup(runner)
        pipelineName = setup.config.name
        sourceNames = Set(setup.config.sources.map(\.name))
        display = runner.display
        if setup.storeMissing, let marker = ReleaseMarker.read(folder: setup.outputDir),
            marker.kind == .release
        {
            let out = runner.display(setup.outputDir)
            if let named = marker.store, named != StoreBackends.name(setup.storePath) {
                throw RunError.io(
                    "there is no store at \(setup.storePath); the release in \(out) was published from the store "
                        + "\(named): give --store with its path"
                )
            }
            throw RunError.io(
                "the store \(setup.storePath) that published the release in \(out) is missing; restore it from a backup"
            )
        }
        do { store = try setup.backend.open(setup.storePath, create: false) } catch let error as StoreError {
            throw RunError.from(error)
        } catch {
            throw RunError.from(
                setup.backend.explain(error, location: setup.storePath) ?? error, context: setup.storePath)
        }
    }

    /// An error met while reading the store, by what it is (a damaged store when the backend says so).
    public func failure(_ error: Error) -> RunError {
        RunError.from(
            StoreBackends.backend(for: store.path).explain(error, location: store.path) ?? error, context: store.path)
    }

    /// Sources and their current batch, coverage per country, domain and year, the last runs.
    public func status(runs limit: Int = 10) throws -> (text: String, json: JSONValue) {
        let all = try store.currentBatches().values.sorted { $0.source < $1.source }
        let batches = all.filter { sourceNames.contains($0.source) }
        let status = StoreStatus(
            pipelineName: pipelineName, store: display(store.path), batches: batches,
            neverImported: sourceNames.sorted().filter { name in !batches.contains { $0.source == name } },
            removed: all.filter { !sourceNames.contains($0.source) }.map(\.source),
            coverage: try store.coverage(batches: batches.map(\.id)), runs: try store.runs(limit: limit))
        return StatusReport.render(status)
    }

    /// What the current release changed against the one before it, by country.
    public func diff() throws -> (text: String, json: JSONValue, changes: [ValueChange]) {
        guard let last = try store.lastPublished() else {
            let (text, json) = DiffReport.render(pipelineName: pipelineName, run: nil, changes: [])
            return (text, json, [])
        }
        let changes = try store.changes(ofRun: last.run.id)
        let (text, json) = DiffReport.render(pipelineName: pipelineName, run: last.run, changes: changes)
        return (text, json, changes)
    }
}
