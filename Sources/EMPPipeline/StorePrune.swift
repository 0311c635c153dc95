import EMPCore
import EMPEmit
import EMPStore
import EMPStorePostgres
import Foundation

/// `emp prune`: keeps the last releases of a store and gives the rest of its space back. It
/// takes the store's lock as a run does (a run and a prune never overlap), and never touches
/// the output folder: the release it shows stays as it is.
public struct StorePrune {
    public let options: RunOptions
    public let keep: Int

    public init(options: RunOptions, keep: Int) {
        self.options = options
        self.keep = keep
    }

    public struct Outcome {
        public var pipelineName: String
        public var store: String
        public var result: PruneResult
        public var bytesBefore: Int64
        public var bytesAfter: Int64
    }

    public func execute() throws -> Outcome {
        guard keep >= 1 else {
            throw RunError.usage("--keep \(keep): keep at least the release the output folder shows (--keep 1)")
        }
        let runner = PipelineRunner(options: options)
        let setup = try RunSetup(runner)
        guard !setup.storeMissing else {
            throw RunError.io("there is no store at \(runner.display(setup.storePath)); nothing to prune")
        }
        let lock = try setup.lockStore(command: "emp prune \(options.pipelinePath)")
        defer { withExtendedLifetime(lock) {} }
        do {
            let store = try setup.backend.open(setup.storePath, create: false)
            let before = Self.size(setup.storePath, store)
            let result = try store.prune(keep: keep)
            return Outcome(
                pipelineName: setup.config.name, store: runner.display(setup.storePath), result: result,
                bytesBefore: before, bytesAfter: Self.size(setup.storePath, store))
        } catch let error as StoreError {
            throw RunError.from(error)
        } catch {
            throw RunError.from(
                setup.backend.explain(error, location: setup.storePath) ?? error, context: setup.storePath)
        }
    }

    /// The store's bytes: its file's size, or what its tables take on the server.
    static func size(_ path: String, _ store: any ReleaseStore) -> Int64 {
        if let server = store as? PostgresStore { return (try? server.size()) ?? 0 }
        return ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

extension StorePrune.Outcome {
    public var text: String {
        let r = result
        let runs = r.keptRuns.count == 1 ? "run \(r.keptRuns[0])" : "runs \(r.keptRuns.first!)-\(r.keptRuns.last!)"
        guard r.prunedRuns > 0 || r.batches > 0 || r.values > 0 else {
            return "emp prune \(pipelineName): \(r.keptRuns.count) release(s) in \(store) (\(runs)): nothing to prune; "
                + "\(Self.mb(bytesAfter))\n"
        }
        return "emp prune \(pipelineName): kept the last \(r.keptRuns.count) release(s) (\(runs)); removed the "
            + "history of \(r.prunedRuns) older release(s): \(r.batches) batch(es) no kept release uses, \(r.values) "
            + "replaced value(s); \(store) \(Self.mb(bytesBefore)) → \(Self.mb(bytesAfter))\n"
    }

    public var json: JSONValue {
        .object([
            ("pipeline", .string(pipelineName)), ("store", .string(store)),
            ("kept_runs", .array(result.keptRuns.map { .int(Int($0)) })), ("pruned_runs", .int(result.prunedRuns)),
            ("batches_removed", .int(result.batches)), ("values_removed", .int(result.values)),
            ("bytes_before", .int(Int(bytesBefore))), ("bytes_after", .int(Int(bytesAfter))),
        ])
    }

    static func mb(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }
}
