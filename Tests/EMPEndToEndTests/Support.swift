import EMPCore
// Every test file of this target uses the shared helpers (scratchDir, read, csvRows,
// repositoryRoot…): exported here once rather than imported by each file.
@_exported import EMPTestSupport
import Foundation
import Testing

/// A copy of a fixture folder in a fresh temporary directory, so tests never write into
/// the repository and never see each other's outputs.
func fixtureCopy(_ name: String) throws -> String {
    let path = name == "." ? "Fixtures" : "Fixtures/\(name)"
    guard let source = Bundle.module.url(forResource: path, withExtension: nil) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
    }
    let dir = URL(fileURLWithPath: try scratchDir("emp-e2e"))
    let target = dir.appendingPathComponent(name == "." ? "Fixtures" : name)
    try FileManager.default.copyItem(at: source, to: target)
    return target.path
}

struct Exec {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The built `emp` binary (it sits next to the test bundle).
let empBinary: URL = {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let binary = products.appendingPathComponent("emp")
    if FileManager.default.fileExists(atPath: binary.path) { return binary }
    return URL(fileURLWithPath: Bundle.module.bundlePath).deletingLastPathComponent().appendingPathComponent("emp")
}()

/// The release date of the golden runs (`SOURCE_DATE_EPOCH`, 2026-01-01): the report prints
/// its release's date, and a golden manifest must not change with the day the tests run.
let goldenDate = ["SOURCE_DATE_EPOCH": "1767225600"]

/// Runs the built `emp` binary; `env` adds to the environment.
/// On the PostgreSQL pass a store verb gets its release folder's database (`StoreRouting`).
func emp(_ arguments: [String], cwd: String? = nil, env: [String: String] = [:]) throws -> Exec {
    try execute(empBinary, StoreRouting.route(arguments, cwd: cwd), cwd: cwd, env: env)
}

/// Runs a program (not emp: a client such as frictionless) and returns what it did.
func run(_ program: String, _ arguments: [String], cwd: String? = nil) throws -> Exec {
    try execute(URL(fileURLWithPath: program), arguments, cwd: cwd, env: [:])
}

func execute(_ program: URL, _ arguments: [String], cwd: String?, env: [String: String]) throws -> Exec {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if !env.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
    // Into files, read once the program has exited: a blocking read of a pipe can be cut by a
    // signal (the tests signal emp processes), which Foundation's FileHandle turns into a crash.
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("emp-exec-\(UUID().uuidString)").path
    let (outPath, errPath) = (base + ".out", base + ".err")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer { for p in [outPath, errPath] { try? FileManager.default.removeItem(atPath: p) } }
    let out = FileHandle(forWritingAtPath: outPath), err = FileHandle(forWritingAtPath: errPath)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try? out?.close()
    try? err?.close()
    return Exec(status: process.terminationStatus, stdout: read(outPath), stderr: read(errPath))
}

func value(
    _ rows: [[String: String]], _ country: String, _ id: String, _ year: String,
    counterpart: String = "_T", sector: String = "_Z"
) -> (String, String)? {
    let hit = rows.filter {
        $0["ref_area"] == country && $0["indicator"] == id && $0["time_period"] == year
            && $0["counterpart_area"] == counterpart && $0["sector"] == sector
    }
    guard hit.count == 1 else { return nil }
    return (hit[0]["obs_value"]!, hit[0]["obs_status"]!)
}

/// Every file under a folder with its bytes, for byte-identity checks.
func snapshot(_ dir: String, excluding: Set<String> = ["run.json", ".emp-release"]) -> [String: Data] {
    var out: [String: Data] = [:]
    let e = FileManager.default.enumerator(atPath: dir)
    while let f = e?.nextObject() as? String {
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: "\(dir)/\(f)", isDirectory: &isDir)
        if !isDir.boolValue && !excluding.contains(f) { out[f] = FileManager.default.contents(atPath: "\(dir)/\(f)") }
    }
    return out
}

/// A snapshot without the report's pages: they print which release they belong to (its number)
/// and what it changed, so a release that follows others differs there from a first release
/// of the same values, by design (ReportTests checks those parts).
func outsideReport(_ files: [String: Data]) -> [String: Data] { files.filter { !$0.key.hasPrefix("report/") } }

/// Removes an output folder and the store emp keeps beside it.
func removeOutput(_ dir: String) {
    StoreRouting.forget(dir)
    let parent = (dir as NSString).deletingLastPathComponent, name = (dir as NSString).lastPathComponent
    for p in [
        dir, "\(dir)-failed", "\(dir).emp.sqlite", "\(dir).emp.sqlite-wal", "\(dir).emp.sqlite-shm",
        "\(dir).emp.sqlite.lock",
        "\(parent)/.emp-lock.\(name).emp.sqlite",
    ] {
        try? FileManager.default.removeItem(atPath: p)
    }
}

/// A copy of `pipelines/default.yml` in `dir` reading the repository's datasets, edited.
func defaultPipelineCopy(
    in dir: String, name: String = "edited.yml", _ edit: (String) -> String = { $0 }
) throws -> String {
    let text = read("\(repositoryRoot)/pipelines/default.yml").replacingOccurrences(
        of: "../datasets/", with: "\(repositoryRoot)/datasets/")
    let path = "\(dir)/\(name)"
    try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// `sha256sum` lines of every file under `dir` but run.json and .emp-release, sorted by path
/// (`./indicators.csv`), as the golden manifests in Fixtures/golden are written.
func releaseManifest(_ dir: String) -> String {
    let files = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? [])
        .filter { !["run.json", ".emp-release"].contains(($0 as NSString).lastPathComponent) }
        .filter {
            var d: ObjCBool = false;
            return FileManager.default.fileExists(atPath: "\(dir)/\($0)", isDirectory: &d) && !d.boolValue
        }
        .map { "./" + $0 }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return files.map { "\(Digest.sha256Hex(path: "\(dir)/\($0.dropFirst(2))") ?? "?")  \($0)\n" }.joined()
}

/// A golden manifest of Fixtures/golden.
func goldenManifest(_ name: String) -> String {
    read(Bundle.module.path(forResource: "Fixtures/golden/\(name)", ofType: "sha256") ?? "")
}

/// A manifest's lines in byte order (the shell's `sort` may order by locale).
func manifestLines(_ manifest: String) -> [String] {
    manifest.split(separator: "\n").map(String.init).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}

/// The Python of the clients the tests check releases with (`make test` installs it:
/// `.build/pyenv`, with frictionless and jsonschema).
func pythonClient() throws -> String {
    let path = "\(repositoryRoot)/.build/pyenv/bin/python3"
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw CocoaError(
            .fileNoSuchFile,
            userInfo: [NSLocalizedDescriptionKey: "\(path) is missing: `make test` (or `make pyenv`) installs it"])
    }
    return path
}
