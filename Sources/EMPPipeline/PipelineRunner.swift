import EMPAggregate
import EMPConfig
import EMPCore
import EMPEmit
import EMPIndicators
import EMPMicrodata
import EMPValidate
import Foundation

/// Runs a pipeline: check the file, read every source (reference sources first: exchange
/// rates convert remittances), aggregate, compute indicators, write outputs atomically.
public struct PipelineRunner {
    public let options: RunOptions
    /// Called with each source's name as it starts (progress on a terminal).
    public var progress: ((String) -> Void)?

    public static let version = "0.1.0"

    public init(options: RunOptions) { self.options = options }

    public func run() throws -> RunResult {
        var clock = Stopwatch()
        let config = try loadConfig()
        let iso: ISOCodes
        do { iso = try ISOCodes.load() } catch { throw RunError(.ioError, "\(error)") }
        let unknown = (config.country_names ?? [:]).filter { iso.alpha3($0.value) == nil }.sorted { $0.key < $1.key }
        if let (name, code) = unknown.first {
            throw RunError(.configError, "\(options.pipelinePath): country_names: '\(name)' is mapped to '\(code)', which is not an ISO 3166-1 code (alpha-3, alpha-2 or numeric)")
        }
        let baseDir = (options.pipelinePath as NSString).deletingLastPathComponent
        let outputDir = options.output ?? resolve(config.output ?? "../output/\(config.name)", base: baseDir)
        let folder: OutputFolder
        do { folder = try OutputFolder(target: outputDir) } catch {
            throw RunError(.ioError, "cannot create the output folder next to \(outputDir): \(error.localizedDescription)")
        }
        clock.lap("check")
        do {
            let cube = Cube(), measures = MeasureTable()
            let reports = ingestAll(config, iso: iso, baseDir: baseDir, cube: cube, measures: measures,
                                    quarantine: "\(folder.staging)/quality/quarantine")
            clock.lap("ingest")
            var result = RunResult(pipelineName: config.name, mode: options.mode, sources: reports, indicatorCount: 0,
                                   countries: options.mode == .run ? cube.countries : [], outputDirectory: display(outputDir),
                                   outputs: [], timings: [])
            let writer = OutputWriter(folder: folder, iso: iso, cube: cube, measures: measures)
            if options.mode == .run { result.indicatorCount = try writer.writeIndicators(threads: options.threads, skillsAllAges: config.skillsAllAges) }
            clock.lap("indicators")
            try writer.write(&result)
            clock.lap("emit")
            result.timings = clock.laps
            try RunManifest(options: options, config: config, result: result, folder: folder).write()
            try folder.commit()
            return result
        } catch let error as RunError {
            folder.discard()
            throw error
        } catch {
            folder.discard()
            throw RunError(.ioError, "cannot write outputs to \(outputDir): \(error.localizedDescription)")
        }
    }

    func loadConfig() throws -> PipelineConfig {
        guard FileManager.default.fileExists(atPath: options.pipelinePath) else {
            throw RunError(.usage, "\(options.pipelinePath): no such pipeline file")
        }
        var config: PipelineConfig
        do { config = try PipelineLoader.load(path: options.pipelinePath) } catch let error as ConfigError {
            throw RunError(.configError, error.description)
        }
        let names = Set(config.sources.map(\.name))
        for (name, path) in options.sourceOverrides.sorted(by: { $0.key < $1.key }) {
            guard names.contains(name) else {
                throw RunError(.usage, "--source \(name)=\(path): the pipeline has no source named \(name); it has: \(names.sorted().joined(separator: ", "))")
            }
        }
        for i in config.sources.indices {
            if let path = options.sourceOverrides[config.sources[i].name] {
                config.sources[i].path = (path as NSString).isAbsolutePath ? path
                    : FileManager.default.currentDirectoryPath + "/" + path
            }
        }
        return config
    }

    /// Fx first (it converts remittances), then population and GDP, then data in file order.
    func ingestAll(_ config: PipelineConfig, iso: ISOCodes, baseDir: String, cube: Cube, measures: MeasureTable,
                   quarantine: String) -> [SourceReport] {
        let order: (SourceConfig) -> Int = { $0.domain == .fx ? 0 : $0.domain.isReference ? 1 : 2 }
        let ordered = config.sources.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }
        var rates = ExchangeRates()
        var reports: [(Int, SourceReport)] = []
        for (index, source) in ordered {
            progress?(source.name)
            let path = resolve(source.path, base: baseDir)
            let codes = CodeNormalizer(iso: iso, countryNames: config.country_names ?? [:])
            let context = IngestContext(codes: codes, rates: rates, tolerancePct: config.tolerancePct, quarantineDirectory: quarantine,
                                        threads: options.threads)
            let ingest = SourceIngest(source: source, path: path, displayPath: display(path), context: context)
            let lane = source.domain == .microdata ? MicrodataLane(source: source, codes: context.codes, store: cube.micro, absorb: cube.absorb) : nil
            let report = ingest.run(lane: lane) { obs in
                if obs.domain == .fx, let c = obs.currency, let v = obs.value {
                    rates.set(c, obs.year, rate: v, status: obs.status)
                } else if obs.domain == .measures {
                    measures.add(obs)
                } else {
                    cube.add(obs)
                }
            }
            reports.append((index, report))
        }
        return reports.sorted { $0.0 < $1.0 }.map(\.1)
    }

    func resolve(_ path: String, base: String) -> String {
        if (path as NSString).isAbsolutePath { return path }
        let joined = base.isEmpty ? path : "\(base)/\(path)"
        return (joined as NSString).standardizingPath
    }

    /// Paths in reports: relative to the working directory when below it.
    func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let absolute = (path as NSString).isAbsolutePath ? path : cwd + path
        let standard = (absolute as NSString).standardizingPath
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
