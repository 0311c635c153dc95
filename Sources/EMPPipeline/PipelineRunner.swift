import EMPAggregate
import EMPConfig
import EMPCore
import EMPEmit
import EMPIndicators
import EMPMicrodata
import EMPValidate
import Foundation
import Logging

/// Runs a pipeline: check the file, read every source (reference sources first: exchange
/// rates convert remittances), aggregate, compute indicators, write outputs atomically.
public struct PipelineRunner {
    public let options: RunOptions
    /// Called as the run goes from stage to stage (a progress display on a terminal).
    public var progress: ((RunProgress) -> Void)?
    /// What a run decides (a source read again or kept, the countries computed), at info level.
    public var logger = Logger(label: "emp")

    public static let version = "0.1.0"

    public init(options: RunOptions) { self.options = options }

    /// `run` and `import` go through the store (see `StoreRun`); `validate` reads every
    /// source and writes only the quality report, keeping nothing.
    public func run() throws -> RunResult {
        let setup = try RunSetup(self)
        switch options.mode {
        case .validate: return try validate(setup)
        case .run, .import: return try StoreRun(runner: self, setup: setup).execute()
        }
    }

    func validate(_ setup: RunSetup) throws -> RunResult {
        var clock = Stopwatch()
        let marker = ReleaseMarker(kind: .validation)
        do { try OutputFolder.claim(setup.outputDir, as: marker) } catch let refused as NotOwned {
            throw RunError.notOwned(refused.description)
        }
        let folder = try setup.openFolder()
        clock.lap("check")
        do {
            let reports = try checkSources(setup, quarantine: "\(folder.staging)/quality/quarantine")
            clock.lap("ingest")
            var result = RunResult(
                pipelineName: setup.config.name, mode: .validate, sources: setup.inPipelineOrder(reports),
                indicatorCount: 0, countries: [], outputDirectory: display(setup.outputDir), outputs: [], timings: [])
            try QualityReport.write(&result, into: folder)
            clock.lap("emit")
            result.timings = clock.laps
            try RunManifest(run: setup.manifestRun, result: result, folder: folder).write()
            try folder.mark(marker)
            try folder.commit()
            return result
        } catch let error as RunError {
            folder.discard()
            throw error
        } catch {
            folder.discard()
            throw RunError.from(error, context: "cannot write outputs to \(setup.outputDir)")
        }
    }

    /// Reads every source as a check: the exchange rates first, one after the other (each
    /// converts the sources after it), then the others two at a time (`--threads 2`): a check
    /// keeps nothing of a source but its report, so no source waits for another. Reports in
    /// the pipeline's order, whichever finished first.
    func checkSources(_ setup: RunSetup, quarantine: String) throws -> [SourceReport] {
        var rates = ExchangeRates()
        let fx = setup.ordered.prefix { $0.source.domain == .fx }
        var shares = fx.map { Self.check($0.source, setup, &rates) }
        try Interruption.check()
        // Each share is made and read on one thread, and handed over once all are done.
        nonisolated(unsafe) let setup = setup
        let final = rates
        shares += ParallelMap.map(Array(setup.ordered.dropFirst(fx.count)), threads: options.threads) { item in
            var rates = final
            return Handed(Self.check(item.source, setup, &rates))
        }.map(\.value)
        return try shares.map { share in
            try Interruption.check()
            try share.writeQuarantine(in: quarantine)
            return share.report
        }
    }

    /// One source read as a check: nothing of it kept but its report and quarantine.
    static func check(_ source: SourceConfig, _ setup: RunSetup, _ rates: inout ExchangeRates) -> SourceShare {
        SourceShare.read(
            source, path: setup.path(of: source), displayPath: setup.reportPath(of: source),
            context: setup.context(rates: rates, source: source), rates: &rates, keeps: false)
    }

    func loadConfig() throws -> PipelineConfig {
        guard FileManager.default.fileExists(atPath: options.pipelinePath) else {
            throw RunError.usage("\(options.pipelinePath): no such pipeline file")
        }
        var config: PipelineConfig
        do { config = try PipelineLoader.load(path: options.pipelinePath) } catch let error as ConfigError {
            throw RunError.config(error.description)
        }
        let names = Set(config.sources.map(\.name))
        for (name, path) in options.sourceOverrides.sorted(by: { $0.key < $1.key }) {
            guard names.contains(name) else {
                let hint = Suggestion.nearest(name, in: names).map { " (did you mean \($0)?)" } ?? ""
                throw RunError.usage(
                    "--source \(name)=\(path): the pipeline has no source named \(name)\(hint); it has: "
                        + "\(names.sorted().joined(separator: ", "))"
                )
            }
        }
        for i in config.sources.indices {
            if let path = options.sourceOverrides[config.sources[i].name] {
                config.sources[i].path =
                    (path as NSString).isAbsolutePath
                    ? path
                    : FileManager.default.currentDirectoryPath + "/" + path
            }
        }
        return config
    }

    func resolve(_ path: String, base: String) -> String {
        if (path as NSString).isAbsolutePath { return path }
        let joined = base.isEmpty ? path : "\(base)/\(path)"
        return Paths.lexical(joined)
    }

    /// Paths in reports: relative to the working directory when below it.
    func display(_ path: String) -> String {
        // A database URL (`--store postgresql://…`) is no path: shown as its backend names it.
        if StoreBackends.isURL(path) { return path }
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let absolute = (path as NSString).isAbsolutePath ? path : cwd + path
        let standard = Paths.lexical(absolute)
        return standard.hasPrefix(cwd) ? String(standard.dropFirst(cwd.count)) : standard
    }
}

struct Stopwatch {
    var start = Date()
    var laps: [(String, Double)] = []

    mutating func lap(_ name: String) {
        let now = Date()
        laps.append((name, now.timeIntervalSince(start)))
        start = now
    }
}
