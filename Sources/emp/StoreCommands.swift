import EMPCore
import ArgumentParser
import EMPPipeline
import Foundation

/// Options of the verbs that only read the store.
struct ReadFlags: ParsableArguments {
    @Argument(
        help: "The pipeline file (pipelines/<name>.yml), or its bare name.",
        completion: .file(extensions: ["yml", "yaml"]))
    var pipeline: String

    @Option(
        name: .long, help: "The output folder the store sits beside, instead of the pipeline's.", completion: .directory
    )
    var output: String?

    @Option(
        name: .long, help: "The store: a file (default: <output>.emp.sqlite) or postgresql://user@host:port/db.",
        completion: .file())
    var store: String?

    @Flag(name: .long, help: "Print JSON on stdout.")
    var json = false

    /// `verb`: how a JSON error object names the verb.
    func report(_ verb: String) throws -> StoreReport {
        var options = RunOptions(pipelinePath: PipelineArgument.resolve(pipeline))
        options.output = output.map(absolute)
        options.store = store.map(storeLocation)
        do { return try StoreReport(options: options) } catch let error as RunError {
            Console.error("emp: \(error.message)")
            if json { JSONError.print(verb: verb, status: error.status.rawValue, message: error.message) }
            throw ExitCode(error.status.rawValue)
        }
    }
}

func failing<T>(_ report: StoreReport, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ExitCode { throw e } catch {
        let failure = report.failure(error)
        Console.error("emp: \(failure.message)")
        throw ExitCode(failure.status.rawValue)
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the store: each source's current batch, coverage per country, domain and year, the last runs."
    )
    @OptionGroup var flags: ReadFlags

    @Option(name: .long, help: "How many runs to list.")
    var runs = 10

    @Flag(
        name: .long, help: "Also check the store: SQLite's integrity check and emp's own rules (exit 74 when it fails)."
    )
    var check = false

    func run() throws {
        let report = try flags.report("status")
        let status = try failing(report) { try report.status(runs: runs) }
        print(flags.json ? status.json.render() : status.text, terminator: flags.json ? "\n" : "")
        guard check else { return }
        let problems = try failing(report) { try report.store.check() }
        if problems.isEmpty {
            if !flags.json { print("store check: ok") }
        } else {
            for p in problems { Console.error("emp: store check: \(p)") }
            throw ExitCode(ExitStatus.ioError.rawValue)
        }
    }
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Show what the current release changed against the one before it: added, removed, revised and re-flagged "
            + "values, by country.",
        discussion: "The same rows are in changes.csv in the output folder."
    )
    @OptionGroup var flags: ReadFlags

    func run() throws {
        let report = try flags.report("diff")
        let diff = try failing(report) { try report.diff() }
        print(flags.json ? diff.json.render() : diff.text, terminator: flags.json ? "\n" : "")
    }
}

struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Keep the last N releases in the store (values, batches, diff) and give the space of older ones back.",
        discussion: """
            Batches no kept release used are removed (a source whose file comes back is read again), and so are \
            the values replaced before the oldest kept release; batches not yet published (emp import) stay. The \
            output folder is not touched, and every run keeps its line in `emp status`. Takes the store's lock: \
            exits 75 while a run holds it, unless --wait.
            """
    )
    @OptionGroup var flags: ReadFlags

    @Option(name: .long, help: "How many of the last published releases to keep (at least 1).")
    var keep = 10

    @Flag(name: .long, help: "When a run holds the store lock, wait for it instead of exiting with code 75.")
    var wait = false

    func run() throws {
        var options = RunOptions(pipelinePath: PipelineArgument.resolve(flags.pipeline))
        options.output = flags.output.map(absolute)
        options.store = flags.store.map(storeLocation)
        options.wait = wait
        do {
            let outcome = try StorePrune(options: options, keep: keep).execute()
            print(flags.json ? outcome.json.render() : outcome.text, terminator: flags.json ? "\n" : "")
        } catch let error as RunError {
            Console.error("emp: \(error.message)")
            if flags.json { JSONError.print(verb: "prune", status: error.status.rawValue, message: error.message) }
            throw ExitCode(error.status.rawValue)
        }
    }
}

/// `emp store …`: what is done to a store itself rather than through a pipeline.
struct StoreVerb: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Work on a store itself: copy an office's history to another store.",
        subcommands: [StoreCopyCommand.self]
    )
}

struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a store's whole history (batches, runs, published values, renderings) to a new store.",
        discussion: """
            FROM and TO are each a SQLite file or a postgresql://user@host:port/db URL (the password from \
            PGPASSWORD or ~/.pgpass), so an office moves its history to PostgreSQL when it outgrows one machine, \
            and back. The store's identity goes with it: the output folder it published stays its own, and the \
            next run with --store TO carries on where FROM stopped. Both stores are locked as a run locks them \
            (exits 75 while one is held, unless --wait); TO must hold no history yet; the copy is one transaction \
            and TO is checked before emp says it is done. FROM is left as it was.
            """
    )
    @Argument(help: "The store to copy (a file or a postgresql:// URL).") var from: String
    @Argument(help: "The new store (a file or a postgresql:// URL of a database without emp's history).") var to: String

    @Flag(name: .long, help: "When a run holds either store's lock, wait for it instead of exiting with code 75.")
    var wait = false

    @Flag(name: .long, help: "Print the outcome as JSON.") var json = false

    func run() throws {
        do {
            let outcome = try StoreCopy(from: storeLocation(from), to: storeLocation(to), wait: wait).execute()
            print(json ? outcome.json.render() : outcome.text, terminator: json ? "\n" : "")
        } catch let error as RunError {
            Console.error("emp: \(error.message)")
            if json { JSONError.print(verb: "store copy", status: error.status.rawValue, message: error.message) }
            throw ExitCode(error.status.rawValue)
        }
    }
}
