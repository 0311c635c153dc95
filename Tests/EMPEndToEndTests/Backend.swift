import EMPStore
import EMPStorePostgres
import EMPStoreSQLite
import EMPValidate
import Foundation
import GRDB
import Testing

/// The store backends the end-to-end tests run emp on.
///
/// `make test` runs this target twice: once as a user gets emp (each release's SQLite file
/// beside its output folder), and once with `EMP_TEST_STORE=postgresql`, where every verb that
/// keeps a store (run, import, status, diff, prune) is given a database of its own on the
/// throw-away test server instead: one per release folder, so a test that runs a pipeline
/// again meets the history it left there, as it would in its SQLite file.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgresql
    var testDescription: String { rawValue }

    /// The backend this pass of the tests stands for (`EMP_TEST_STORE`, default SQLite).
    static let underTest: Backend =
        ProcessInfo.processInfo.environment["EMP_TEST_STORE"] == "postgresql" ? .postgresql : .sqlite

    /// The backends a test that names them runs on: both on the SQLite pass, PostgreSQL alone
    /// on the PostgreSQL pass (which has run it on both already).
    static var forThisPass: [Backend] { underTest == .postgresql ? [.postgresql] : allCases }

    /// Whether a test that reads or damages the SQLite file itself applies to this pass.
    static var storeIsAFile: Bool { underTest == .sqlite }

    /// The `--store` arguments of a fresh store: none for SQLite (the file beside the output
    /// folder), a new database on the test server for PostgreSQL.
    func storeArguments() throws -> [String] {
        switch self {
        case .sqlite: return []
        case .postgresql: return ["--store", try PostgresCluster.shared().database()]
        }
    }
}

/// On the PostgreSQL pass, the database standing for each release folder's store.
enum StoreRouting {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var databases: [String: String] = [:]

    /// The verbs that keep their history in a store, found beside the output folder by default.
    static let storeVerbs: Set<String> = ["run", "import", "status", "diff", "prune"]
    /// The options of those verbs that take a value (the rest are flags).
    static let valued: Set<String> = ["--output", "--source", "--log-level", "--threads", "--runs", "--keep"]

    /// `arguments` as the pass runs them: on the PostgreSQL pass, a store verb without
    /// `--store`, whose pipeline names none, gets its release folder's database.
    static func route(_ arguments: [String], cwd: String?) throws -> [String] {
        guard Backend.underTest == .postgresql, let verb = arguments.first, storeVerbs.contains(verb),
            !arguments.contains(where: { $0 == "--store" || $0.hasPrefix("--store=") })
        else { return arguments }
        guard
            let output = try releaseFolder(arguments.dropFirst(), cwd: cwd ?? FileManager.default.currentDirectoryPath)
        else { return arguments }
        let url: String = try lock.withLock {
            if let known = databases[output] { return known }
            let created = try PostgresCluster.shared().database()
            databases[output] = created
            return created
        }
        return arguments + ["--store", url]
    }

    /// The store a release folder's runs kept (opened, not created): its SQLite file beside
    /// it, or on the PostgreSQL pass its database.
    static func store(beside output: String) throws -> any ReleaseStore {
        let flags = CodeLists.shared.obsStatus
        guard Backend.underTest == .postgresql else {
            return try SQLiteStore(path: "\(output).emp.sqlite", create: false, flags: flags)
        }
        return try PostgresBackend(flags: flags).open(try location(beside: output), create: false)
    }

    /// The store location a release folder's runs used: the SQLite file, or its database's URL.
    static func location(beside output: String) throws -> String {
        guard Backend.underTest == .postgresql else { return "\(output).emp.sqlite" }
        guard let url = lock.withLock({ databases[canonical(output)] }) else {
            throw PostgresCluster.Failure("no run published to \(output) on this pass")
        }
        return url
    }

    /// Changes a store behind emp's back, as a person with the database at hand could: the
    /// statement for SQLite's file, or the one for the server (schema `emp`).
    static func tamper(beside output: String, sqlite: String, postgresql: String) throws {
        guard Backend.underTest == .postgresql else {
            let queue = try DatabaseQueue(path: "\(output).emp.sqlite")
            try queue.write { try $0.execute(sql: sqlite) }
            try queue.close()
            return
        }
        let database = String(try location(beside: output).split(separator: "/").last ?? "")
        try PostgresCluster.shared().psql(database, "SET search_path = emp; " + postgresql)
    }

    /// A release folder removed with its store: the next run there starts a new history.
    static func forget(_ output: String) {
        lock.withLock { _ = databases.removeValue(forKey: canonical(output)) }
    }

    /// The release folder the arguments publish to: `--output`, else the pipeline's `output:`
    /// (default `../output/<name>`), relative to the pipeline file; nil when the pipeline names
    /// a store itself (`store:`), or cannot be read (emp reports that itself).
    static func releaseFolder(_ arguments: ArraySlice<String>, cwd: String) throws -> String? {
        var pipeline: String?, output: String?
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "--output" { output = rest.popFirst(); continue }
            if argument.hasPrefix("--output=") { output = String(argument.dropFirst(9)); continue }
            if valued.contains(argument) { _ = rest.popFirst(); continue }
            if !argument.hasPrefix("-"), pipeline == nil { pipeline = argument }
        }
        guard var path = pipeline else { return nil }
        if !path.contains("/"), !path.hasSuffix(".yml"), !path.hasSuffix(".yaml"),
            !FileManager.default.fileExists(atPath: absolute(path, in: cwd))
        {
            path = "pipelines/\(path).yml"
        }
        path = absolute(path, in: cwd)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        if topLevel("store", in: text) != nil { return nil }
        if let output { return canonical(absolute(output, in: cwd)) }
        let name = topLevel("name", in: text) ?? ""
        let base = (path as NSString).deletingLastPathComponent
        return canonical(absolute(topLevel("output", in: text) ?? "../output/\(name)", in: base))
    }

    /// A top-level `key: value` of a pipeline file (quotes and a trailing comment removed).
    static func topLevel(_ key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            var value = line.dropFirst(key.count + 1)
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(
                in: CharacterSet(charactersIn: "\"'"))
            return trimmed.isEmpty ? nil : trimmed
        }
        return nil
    }

    static func absolute(_ path: String, in base: String) -> String {
        (path as NSString).isAbsolutePath ? path : base + "/" + path
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
