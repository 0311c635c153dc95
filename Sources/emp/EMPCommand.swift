import ArgumentParser
import EMPPipeline
import Foundation

@main
struct EMPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emp",
        abstract: "Extended Migration Profiles: migration statistics in, per-country indicator tables out.",
        discussion: """
        Exit codes: 0 success; 1 data rejected beyond a source's policy (report and quarantine \
        written); 64 usage error; 70 internal error; 74 I/O error (an input or output cannot be \
        read or written); 78 pipeline file error.

        Example (cron, nightly): emp run --quiet pipelines/default.yml --source mda_inflows=/data/in/mda_inflows.csv
        """,
        version: PipelineRunner.version,
        subcommands: [Run.self, Validate.self, Indicators.self, Inspect.self]
    )
}

/// Options shared by `run` and `validate`.
struct RunFlags: ParsableArguments {
    @Argument(help: "The pipeline file (pipelines/<name>.yml).")
    var pipeline: String

    @Option(name: .long, help: "Write outputs to this folder instead of the pipeline's output folder.")
    var output: String?

    @Option(name: .customLong("source"), help: ArgumentHelp("Read a source from another file.", valueName: "NAME=PATH"))
    var sources: [String] = []

    @Flag(name: .long, help: "Print a JSON summary on stdout.")
    var json = false

    @Flag(name: [.short, .long], help: "Print nothing on success (for cron); errors still go to stderr.")
    var quiet = false

    @Option(name: .long, help: "Threads a large microdata file may be read on: 1 or 2 (default: 2 when the machine has two cores).")
    var threads: Int?

    func options(_ mode: RunOptions.Mode) throws -> RunOptions {
        var options = RunOptions(pipelinePath: pipeline, mode: mode)
        if let threads {
            guard (1...2).contains(threads) else { throw ValidationError("--threads expects 1 or 2, got \(threads)") }
            options.threads = threads
        }
        options.output = output.map { ($0 as NSString).isAbsolutePath ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        for spec in sources {
            guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex, spec.index(after: eq) != spec.endIndex else {
                throw ValidationError("--source expects NAME=PATH, got '\(spec)'")
            }
            options.sourceOverrides[String(spec[..<eq])] = String(spec[spec.index(after: eq)...])
        }
        return options
    }
}

enum Runner {
    static func execute(_ flags: RunFlags, mode: RunOptions.Mode) throws {
        var runner = PipelineRunner(options: try flags.options(mode))
        let console = Console(quiet: flags.quiet || flags.json)
        runner.progress = console.progress
        let result: RunResult
        do { result = try runner.run() } catch let error as RunError {
            console.clearProgress()
            Console.error("emp: \(error.message)")
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
                if s.diagnostics.count > 10 { Console.error("  … see \(result.outputDirectory)/quality/summary.txt") }
            }
        }
        if flags.json { print(result.json, terminator: ""); return }
        if flags.quiet { if failed { Console.error(result.summaryLine) }; return }
        print(result.summaryLine)
        for note in result.sourceNotes { print(note) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every stage: read and validate the sources, compute indicators, write the outputs.",
        discussion: "Writes indicators.csv, indicators_wide.csv, profiles/<ISO3>.json, quality/ and run.json into the output folder, replacing it only when complete."
    )
    @OptionGroup var flags: RunFlags

    func run() throws { try Runner.execute(flags, mode: .run) }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every source of a pipeline; write only the quality report and quarantine files."
    )
    @OptionGroup var flags: RunFlags

    func run() throws { try Runner.execute(flags, mode: .validate) }
}
