import ArgumentParser
import CEMPSystem
import EMPCore
import EMPEmit
import EMPPipeline
import Foundation

@main
struct EMPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emp",
        abstract: "Extended Migration Profiles: migration statistics in, per-country indicator tables out.",
        discussion: """
            Exit codes: 0 success; 1 nothing published: a source failed beyond its policy, the release \
            guards stopped the run, or --strict and warnings (report in <output>-failed/); 64 usage \
            error; 70 internal error; 73 the output folder or store path is not emp's (nothing \
            touched); 74 I/O error (an input or output cannot be read or written, a damaged or missing \
            store); 75 another run holds the store lock; 78 pipeline file error; 130 / 143 stopped by \
            SIGINT / SIGTERM before publishing.

            Example (cron, nightly):
              emp run --quiet --wait pipelines/default.yml --source mda_inflows=/data/in/mda_inflows.csv
            """,
        version: PipelineRunner.version,
        subcommands: [
            Run.self, Import.self, Status.self, Diff.self, Validate.self, Indicators.self, Rules.self,
            Inspect.self, Prune.self, StoreVerb.self,
        ]
    )

    /// ArgumentParser's main, with one addition: with `--json`, an error that stops emp before a
    /// verb could answer (an unknown option, a missing argument, a bad value) is printed as the
    /// same JSON error object the verbs print, so a script always gets one object.
    static func main() {
        // Large buffers (a source's rows, a rendered table) are mapped and handed back when
        // freed. glibc otherwise raises its threshold after the first one is freed, and the
        // next ones stay in the heap after they are freed: a first run's resident memory was
        // a third above what it held.
        _ = emp_map_large_allocations(256 << 10)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let verb = arguments.first, !verb.hasPrefix("-"), verb != "help" {
            let verbs = configuration.subcommands.map { $0._commandName }
            if !verbs.contains(verb) {
                let hint = Suggestion.nearest(verb, in: verbs).map { " (did you mean 'emp \($0)'?)" } ?? ""
                let message = "unknown verb '\(verb)'\(hint); the verbs are \(verbs.joined(separator: ", "))"
                Console.error("emp: \(message)")
                if arguments.contains("--json") { JSONError.print(verb: verb, status: 64, message: message) }
                exit(withError: ExitCode(64))
            }
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)  // the verb said why (and printed its JSON object)
        } catch {
            let status = exitCode(for: error)
            if arguments.contains("--json"), status != .success {
                let verb = arguments.first { !$0.hasPrefix("-") } ?? "emp"
                JSONError.print(verb: verb, status: status.rawValue, message: fullMessage(for: error))
            }
            exit(withError: error)
        }
    }
}

/// `--json` when a verb could not start or finish: one object, `outcome: error`.
enum JSONError {
    /// `problems`: a pipeline file's problems, each with its key and line (the lines under a
    /// first line ending in `:`), else the message's first line.
    static func print(verb: String, status: Int32, message: String) {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let problems = lines.count > 1 && lines[0].hasSuffix(":") ? Array(lines.dropFirst()) : Array(lines.prefix(1))
        Swift.print(
            JSONValue.object([
                ("schema_version", .int(1)), ("mode", .string(verb)), ("outcome", .string("error")),
                ("exit_code", .int(Int(status))), ("error", .string(message)),
                ("problems", .array(problems.map { .string($0) })),
            ]).render())
    }
}

/// Options shared by `run` and `validate`.
struct RunFlags: ParsableArguments {
    @Argument(
        help: "The pipeline file (pipelines/<name>.yml), or its bare name.",
        completion: .file(extensions: ["yml", "yaml"]))
    var pipeline: String

    @Option(
        name: .long, help: "Write outputs to this folder instead of the pipeline's output folder.",
        completion: .directory)
    var output: String?

    @Option(
        name: .customLong("source"), help: ArgumentHelp("Read a source from another file.", valueName: "NAME=PATH"),
        completion: .file())
    var sources: [String] = []

    @Flag(name: .long, help: "Print a JSON summary on stdout.")
    var json = false

    @Flag(name: [.short, .long], help: "Print nothing on success (for cron); errors still go to stderr.")
    var quiet = false

    @Flag(
        name: [.short, .long],
        help: "Log what the run decides (sources read again or kept, countries computed): --log-level info.")
    var verbose = false

    @Option(
        name: .long,
        help: "Log level on stderr: trace, debug, info, notice, warning (default; or EMP_LOG_LEVEL), error, critical.")
    var logLevel: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Threads to read on, 1 or 2 (default: 2 when the machine has two cores): a large microdata file is split "
                + "between them; validate checks two sources at a time."))
    var threads: Int?

    func options(_ mode: RunOptions.Mode, store: StoreFlags? = nil, release: ReleaseFlags? = nil) throws -> RunOptions {
        var options = RunOptions(pipelinePath: PipelineArgument.resolve(pipeline), mode: mode)
        if let threads {
            guard (1...2).contains(threads) else { throw ValidationError("--threads expects 1 or 2, got \(threads)") }
            options.threads = threads
        }
        options.output = output.map {
            ($0 as NSString).isAbsolutePath ? $0 : FileManager.default.currentDirectoryPath + "/" + $0
        }
        for spec in sources {
            // `emp import --source NAME` picks a source to import; NAME=PATH also reads it from PATH.
            if mode == .import, !spec.contains("="), !spec.isEmpty {
                options.onlySources.insert(spec)
                continue
            }
            guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex, spec.index(after: eq) != spec.endIndex
            else {
                throw ValidationError("--source expects NAME=PATH, got '\(spec)'")
            }
            options.sourceOverrides[String(spec[..<eq])] = String(spec[spec.index(after: eq)...])
            if mode == .import { options.onlySources.insert(String(spec[..<eq])) }
        }
        if let store {
            options.store = store.store.map(storeLocation)
            options.full = store.full
            options.wait = store.wait
        }
        if let release {
            options.allowRemovals = release.allowRemovals
            options.strict = release.strict
        }
        return options
    }
}

func absolute(_ path: String) -> String {
    (path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path
}

/// `--store`: a path made absolute, or a database URL as given (postgresql://…).
func storeLocation(_ location: String) -> String {
    location.contains("://") ? location : absolute(location)
}

/// Options of the verbs that write to the store.
struct StoreFlags: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The store: a file (default: <output>.emp.sqlite beside the output folder) or postgresql://user@host:port/db.",
        completion: .file())
    var store: String?

    @Flag(name: .long, help: "Read every source again and recompute every country (same bytes as an incremental run).")
    var full = false

    @Flag(name: .long, help: "When another run holds the store lock, wait for it instead of exiting with code 75.")
    var wait = false
}

/// Options of `emp run` about what may be published.
struct ReleaseFlags: ParsableArguments {
    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Publish even when the release guards stop the run (values withdrawn beyond max_removed_pct, every value "
                + "of a country, a delivery that shrank by half).")
    )
    var allowRemovals = false

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Treat warnings (missing denominators, shrinking coverage, stale sources) as failures: exit 1, nothing "
                + "published.")
    )
    var strict = false
}

enum Runner {
    static func execute(
        _ flags: RunFlags, mode: RunOptions.Mode, store: StoreFlags? = nil, release: ReleaseFlags? = nil
    ) throws {
        // `validate` too: a signal ends its read of a source and discards its staging folder.
        Interruption.install()
        let options: RunOptions
        // A bad option value is a ValidationError: `main` prints it (as JSON with --json), exit 64.
        options = try flags.options(mode, store: store, release: release)
        do { try LogOutput.install(level: flags.logLevel, verbose: flags.verbose) } catch let error
            as LogOutput.LevelError
        {
            throw ValidationError(error.message)
        }
        var runner = PipelineRunner(options: options)
        let console = Console(quiet: flags.quiet || flags.json)
        runner.progress = console.progress
        let result: RunResult
        do { result = try runner.run() } catch {
            let error = RunError.from(error)
            console.clearProgress()
            Console.error("emp: \(error.message)")
            if flags.json {
                JSONError.print(verb: mode.rawValue, status: error.status.rawValue, message: error.message)
            }
            throw ExitCode(error.status.rawValue)
        }
        console.clearProgress()
        report(result, flags: flags)
        if result.status != .success { throw ExitCode(result.status.rawValue) }
    }

    static func report(_ result: RunResult, flags: RunFlags) {
        let failed = result.status != .success
        if failed {
            for s in result.sources where s.status == .failed {
                Console.error("emp: source \(s.name) failed: \(s.failure ?? "")")
                for d in s.diagnostics.prefix(10) { Console.error("  \(d.rendered)") }
                if s.diagnostics.count > 10 {
                    Console.error("  … see \(result.failedReport ?? result.outputDirectory)/quality/summary.txt")
                }
            }
        }
        if let refusal = result.refusal { Console.error("emp: \(refusal)") }
        if flags.json { print(result.json, terminator: ""); return }
        // Warnings go to stderr, under --quiet too: cron mails what it prints, so a degraded
        // release is never published in silence.
        for w in result.warnings { Console.error("emp: warning: \(w)") }
        if let report = result.failedReport {
            Console.error("emp: the quality report of this run is in \(report)/quality/summary.txt")
        }
        if flags.quiet { if failed { Console.error(result.summaryLine) }; return }
        print(result.summaryLine)
        for note in result.sourceNotes { print(note) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run every stage: read and validate the sources that changed, compute indicators, publish the outputs.",
        discussion: """
            Incremental: a source whose file (bytes) and settings are those of its last import is not read \
            again, and only the countries whose inputs changed are computed. When nothing changed and the \
            outputs are intact, nothing is written. Otherwise indicators.csv, indicators_wide.csv, \
            profiles/<ISO3>.json, report/, changes.csv, quality/ and run.json are written into a staging folder that \
            replaces the output folder only when complete.
            """
    )
    @OptionGroup var flags: RunFlags
    @OptionGroup var store: StoreFlags
    @OptionGroup var release: ReleaseFlags

    func run() throws { try Runner.execute(flags, mode: .run, store: store, release: release) }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the sources that changed to the store as new batches, without publishing.",
        discussion:
            "--source NAME imports only that source (NAME=PATH: from that file). The next `emp run` publishes them."
    )
    @OptionGroup var flags: RunFlags
    @OptionGroup var store: StoreFlags

    func run() throws { try Runner.execute(flags, mode: .import, store: store) }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every source of a pipeline; write only the quality report and quarantine files.",
        discussion:
            "Writes to <output>-validation unless --output is given: the published outputs are never replaced. Uses "
            + "no store."
    )
    @OptionGroup var flags: RunFlags

    func run() throws { try Runner.execute(flags, mode: .validate) }
}
