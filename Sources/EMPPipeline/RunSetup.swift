import EMPConfig
import EMPCore
import EMPEmit
import EMPStore
import EMPValidate
import Foundation

/// What every verb needs before it reads a source: the checked pipeline file, the code
/// lists, where the sources, outputs and store are, and the order sources are read in.
struct RunSetup {
    let runner: PipelineRunner
    let config: PipelineConfig
    let iso: ISOCodes
    let baseDir: String
    let outputDir: String
    let storePath: String
    /// Fx first (it converts remittances), then population and GDP, then data in file
    /// order; each with its index in the pipeline file.
    let ordered: [(index: Int, source: SourceConfig)]

    init(_ runner: PipelineRunner) throws {
        self.runner = runner
        let options = runner.options
        config = try runner.loadConfig()
        let iso: ISOCodes
        do { iso = try ISOCodes.load() } catch { throw RunError(.ioError, "\(error)") }
        self.iso = iso
        let unknown = (config.country_names ?? [:]).filter { iso.alpha3($0.value) == nil }.sorted { $0.key < $1.key }
        if let (name, code) = unknown.first {
            throw RunError(.configError, "\(options.pipelinePath): country_names: '\(name)' is mapped to '\(code)', which is not an ISO 3166-1 code (alpha-3, alpha-2 or numeric)")
        }
        let names = Set(config.sources.map(\.name))
        for name in options.onlySources.sorted() where !names.contains(name) {
            throw RunError(.usage, "--source \(name): the pipeline has no source named \(name); it has: \(names.sorted().joined(separator: ", "))")
        }
        baseDir = (options.pipelinePath as NSString).deletingLastPathComponent
        let published = options.output ?? runner.resolve(config.output ?? "../output/\(config.name)", base: baseDir)
        // `validate` never replaces the published outputs: by default it writes beside them.
        outputDir = options.mode == .validate && options.output == nil ? published + "-validation" : published
        storePath = options.store ?? Store.defaultPath(output: published)
        if options.mode == .validate, FileManager.default.fileExists(atPath: Store.defaultPath(output: outputDir)) {
            throw RunError(.usage, "--output \(runner.display(outputDir)): that folder holds a published release (its store is beside it); emp validate writes its report elsewhere (by default \(runner.display(published))-validation)")
        }
        let order: (SourceConfig) -> Int = { $0.domain == .fx ? 0 : $0.domain.isReference ? 1 : 2 }
        ordered = config.sources.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }
            .map { ($0.offset, $0.element) }
    }

    func path(of source: SourceConfig) -> String { runner.resolve(source.path, base: baseDir) }

    func context(rates: ExchangeRates, quarantine: String?) -> IngestContext {
        IngestContext(codes: CodeNormalizer(iso: iso, countryNames: config.country_names ?? [:]), rates: rates,
                      tolerancePct: config.tolerancePct, quarantineDirectory: quarantine, threads: runner.options.threads)
    }

    func openFolder() throws -> OutputFolder {
        do { return try OutputFolder(target: outputDir) } catch {
            throw RunError(.ioError, "cannot create the output folder next to \(outputDir): \(error.localizedDescription)")
        }
    }

    /// Values given in reading order, put back in the pipeline file's order.
    func inPipelineOrder<T>(_ values: [T]) -> [T] {
        zip(ordered.map(\.index), values).sorted { $0.0 < $1.0 }.map(\.1)
    }
}
