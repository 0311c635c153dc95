import EMPConfig
import EMPCore
import EMPEmit
import EMPIndicators
import EMPRead
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
    /// The release's output formats (pipeline `outputs:`, default all), in registry order.
    let formats: [any OutputFormat]
    /// The folders (real paths) sources are read from, their links followed (`allowed_roots`).
    let allowedRoots: [String]

    init(_ runner: PipelineRunner) throws {
        self.runner = runner
        let options = runner.options
        config = try runner.loadConfig()
        let iso: ISOCodes
        do { iso = try ISOCodes.load() } catch { throw RunError.io("\(error)") }
        self.iso = iso
        let unknown = (config.country_names ?? [:]).filter { iso.alpha3($0.value) == nil }.sorted { $0.key < $1.key }
        if let (name, code) = unknown.first {
            throw RunError.config(
                "\(options.pipelinePath): country_names: '\(name)' is mapped to '\(code)', which is not an ISO 3166-1 "
                    + "code (alpha-3, alpha-2 or numeric)"
            )
        }
        let names = Set(config.sources.map(\.name))
        for name in options.onlySources.sorted() where !names.contains(name) {
            let hint = Suggestion.nearest(name, in: names).map { " (did you mean \($0)?)" } ?? ""
            throw RunError.usage(
                "--source \(name): the pipeline has no source named \(name)\(hint); it has: "
                    + "\(names.sorted().joined(separator: ", "))"
            )
        }
        switch OutputFormats.select(config.outputs ?? OutputFormats.defaultNames) {
        case .success(let chosen) where !chosen.isEmpty: formats = chosen
        case .success:
            throw RunError.config(
                "\(options.pipelinePath): outputs: names no format; the formats are "
                    + "\(OutputFormats.names.joined(separator: ", "))"
            )
        case .failure(let unknown): throw RunError.config("\(options.pipelinePath): outputs: \(unknown)")
        }
        if let language = config.report?.language, ReportLanguage.shipped[language] == nil {
            throw RunError.config(
                "\(options.pipelinePath): report.language: no report language '\(language)'; the languages are "
                    + ReportLanguage.available.joined(separator: ", ")
                    + " (a new one is a file in Sources/EMPEmit/Report/Languages)"
            )
        }
        baseDir = (options.pipelinePath as NSString).deletingLastPathComponent
        allowedRoots = try RunSetup.roots(config, runner: runner, baseDir: baseDir)
        // Absolute, with the folders above resolved: the release marker names the store the
        // same way whatever the working directory or the spelling of the path.
        let published = RunSetup.canonical(
            options.output ?? runner.resolve(config.output ?? "../output/\(config.name)", base: baseDir))
        // `validate` never replaces the published outputs: by default it writes beside them.
        outputDir = options.mode == .validate && options.output == nil ? published + "-validation" : published
        // --store, else the pipeline's `store:` (a path relative to the pipeline file, or a URL).
        var configured: String?
        if let named = config.store {
            configured = StoreBackends.isURL(named) ? named : runner.resolve(named, base: baseDir)
        }
        storePath = StoreBackends.normalized(
            options.store ?? configured ?? StoreBackends.defaultLocation(output: published))
        // A release is known by its marker (its store may be on a server) or by a store beside it.
        if options.mode == .validate,
            ReleaseMarker.read(folder: outputDir)?.kind == .release
                || FileManager.default.fileExists(atPath: StoreBackends.defaultLocation(output: outputDir))
        {
            throw RunError.usage(
                "--output \(runner.display(outputDir)): that folder holds a published release; emp validate "
                    + "writes its report elsewhere (by default "
                    + "\(runner.display(published))-validation)"
            )
        }
        let order: (SourceConfig) -> Int = { $0.domain == .fx ? 0 : $0.domain.isReference ? 1 : 2 }
        ordered = config.sources.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }
            .map { ($0.offset, $0.element) }
    }

    /// The formats as the release digest records them: nothing for the default (so releases
    /// published before formats could be chosen stay unchanged), else their names.
    var formatSetting: [String] {
        let names = formats.map(\.name)
        return names == OutputFormats.defaultNames ? [] : ["outputs=" + names.joined(separator: ",")]
    }

    /// What the output formats know of the release: its years, the labels of its codes (and
    /// each country's UN M49 code, which the SDG report uses as its area code), the settings.
    func releaseLayout(years: [Int]) -> ReleaseLayout {
        var labels = CodeLists.shared.labels(iso: iso, units: Unit.labels)
        labels.codes["ref_area_m49"] = iso.countries.compactMapValues { $0.numeric.isEmpty ? nil : $0.numeric }
        return ReleaseLayout(
            years: years, labels: labels,
            settings: formatSettings.merging(["emp_version": PipelineRunner.version, "pipeline": config.name]) { a, _ in
                a
            })
    }

    /// The day a release is dated (UTC): today, or the day `SOURCE_DATE_EPOCH` names (seconds
    /// since 1970, the reproducible-builds convention), so the same inputs can give the same bytes.
    static func releaseDate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let seconds = environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) ?? Date().timeIntervalSince1970
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// The pipeline's settings of the output formats, by the keys the formats read.
    var formatSettings: [String: String] {
        (config.sdmx?.settings ?? [:]).merging(config.report?.settings ?? [:]) { a, _ in a }
    }

    /// The settings of the chosen formats that differ from their defaults, as every country's
    /// digest records them: a changed setting renders the countries again, and a pipeline
    /// that sets none (or only defaults) keeps the digests it had before there were settings.
    var renderSettings: [String] {
        let defaults = formats.reduce(into: [String: String]()) { $0.merge($1.settingDefaults) { a, _ in a } }
        return formatSettings.filter { defaults[$0.key] != nil && defaults[$0.key] != $0.value }
            .map { "\($0.key)=\($0.value)" }.sorted()
    }

    /// What `run.json` records of the run besides its result.
    var manifestRun: RunManifest.Run {
        RunManifest.Run(
            pipelineName: config.name, pipelinePath: runner.options.pipelinePath, full: runner.options.full,
            empVersion: PipelineRunner.version, libcsvVersion: "\(CSVLibrary.version)",
            pipelineSchema: PipelineConfig.supportedVersion)
    }

    /// The backend of the store (`--store`): SQLite for a path, PostgreSQL for a postgresql:// URL.
    var backend: any StoreBackend { StoreBackends.backend(for: storePath) }

    /// Nothing at the store's location: no file at a path; no schema `emp` in a database (a
    /// server that cannot be reached is not "nothing": the open that follows says why).
    var storeMissing: Bool {
        guard StoreBackends.isURL(storePath) else { return PathEntry.at(storePath) == .nothing }
        return (try? backend.inspect(storePath)) == false
    }

    /// The store's lock for `command` (a run, an import, a prune), held while the result lives:
    /// exit 75 when another emp holds it (unless `--wait`), 130/143 when a signal stops the wait.
    func lockStore(command: String) throws -> AnyObject {
        try RunSetup.lock(backend, storePath, command: command, wait: runner.options.wait)
    }

    /// `backend`'s lock of the store at `location` (see `lockStore`; `emp store copy` locks two).
    static func lock(_ backend: any StoreBackend, _ location: String, command: String, wait: Bool) throws -> AnyObject {
        do {
            return try backend.lock(location, command: command, wait: wait) { Interruption.received != 0 }
        } catch let held as LockHeld {
            throw RunError.lockHeld("\(held.description); try again later, or add --wait to wait for it")
        } catch is LockGaveUp {
            let stop = Interruption.Stopped(signal: Interruption.received)
            throw RunError.stopped(
                stop.status, "stopped by \(stop.name) while waiting for the store lock; nothing was done")
        } catch {
            throw RunError.from(error, context: location)
        }
    }

    func path(of source: SourceConfig) -> String { runner.resolve(source.path, base: baseDir) }

    /// Where the quality report of a run that published nothing goes (beside the release,
    /// never in it): `<output>-failed`.
    var failedDir: String { outputDir + "-failed" }

    /// How the quality report names a source's file: as the pipeline file writes it (relative
    /// to the pipeline file), or the absolute path of a `--source` file; the same from any
    /// working directory, so the release does not change with it.
    func reportPath(of source: SourceConfig) -> String {
        (source.path as NSString).isAbsolutePath ? Paths.lexical(source.path) : source.path
    }

    /// An absolute path whose existing folders are resolved (`realpath` of the deepest one
    /// that exists), the last components kept as given: never follows the path's own link.
    static func canonical(_ path: String) -> String {
        let absolute = (path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path
        let standard = Paths.lexical(absolute)
        var head = (standard as NSString).deletingLastPathComponent, tail = [(standard as NSString).lastPathComponent]
        while !head.isEmpty, head != "/" {
            if let real = realpath(head, nil) {
                defer { free(real) }
                return ([String(cString: real)] + tail.reversed()).joined(separator: "/").replacingOccurrences(
                    of: "//", with: "/")
            }
            tail.append((head as NSString).lastPathComponent)
            head = (head as NSString).deletingLastPathComponent
        }
        return standard
    }

    /// `allowed_roots` (relative to the pipeline file), else the pipeline's folder and the
    /// folders its sources' paths name; and always the folders of `--source` files. A symbolic
    /// link dropped among the deliveries then cannot make a run read (and echo) a system file.
    static func roots(_ config: PipelineConfig, runner: PipelineRunner, baseDir: String) throws -> [String] {
        let overridden = Set(runner.options.sourceOverrides.keys)
        let folder = { (path: String) in (runner.resolve(path, base: baseDir) as NSString).deletingLastPathComponent }
        let named =
            config.allowed_roots?.map { runner.resolve($0, base: baseDir) }
            ?? [baseDir.isEmpty ? "." : baseDir]
            + config.sources.filter { !overridden.contains($0.name) }.map {
                folder($0.path)
            }
        for (i, root) in (config.allowed_roots ?? []).enumerated() where InputFile.realPath(named[i]) == nil {
            throw RunError.config("\(runner.options.pipelinePath): allowed_roots: '\(root)': no such folder")
        }
        let commandLine = config.sources.filter { overridden.contains($0.name) }.map { folder($0.path) }
        return (named + commandLine).compactMap { InputFile.realPath($0.isEmpty ? "." : $0) }
    }

    /// `source`: the source it reads, named in the progress display with the bytes read.
    func context(rates: ExchangeRates, source: SourceConfig? = nil) -> IngestContext {
        var context = IngestContext(
            codes: CodeNormalizer(iso: iso, countryNames: config.country_names ?? [:]), rates: rates,
            tolerancePct: config.tolerancePct, quarantine: nil, threads: runner.options.threads)
        context.limits = ReadLimits(
            fieldBytes: config.max_field_bytes ?? ReadLimits.defaultFieldBytes,
            recordBytes: config.max_record_bytes ?? ReadLimits.defaultRecordBytes)
        // A signal stops a read between chunks (a large file must not hold a run that was asked to stop).
        context.interrupted = { Interruption.received != 0 }
        context.allowedRoots = allowedRoots
        if let source, FailPoint.armed?.hasPrefix("reading:\(source.name)") == true {
            // Before the second chunk: the header is read, a second thread started if the file is split.
            var chunks = 0
            context.beforeChunk = {
                chunks += 1
                if chunks == 2 { FailPoint.reach("reading:\(source.name)") }
            }
        }
        if let source, let progress = runner.progress {
            let index = (ordered.firstIndex { $0.source.name == source.name } ?? 0) + 1, count = ordered.count
            progress(.reading(source: source.name, index: index, count: count, rows: 0, bytes: 0, size: 0))
            context.progress = {
                progress(.reading(source: source.name, index: index, count: count, rows: $0, bytes: $1, size: $2))
            }
        }
        return context
    }

    func openFolder() throws -> OutputFolder {
        do { return try OutputFolder(target: outputDir) } catch {
            throw RunError.io("cannot create the output folder next to \(outputDir): \(error.localizedDescription)")
        }
    }

    /// Values given in reading order, put back in the pipeline file's order.
    func inPipelineOrder<T>(_ values: [T]) -> [T] {
        zip(ordered.map(\.index), values).sorted { $0.0 < $1.0 }.map(\.1)
    }
}
