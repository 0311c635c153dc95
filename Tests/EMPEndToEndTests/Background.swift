import Foundation

/// `emp` started in the background, stdout and stderr into files.
final class Background {
    let process = Process()
    let stdoutPath: String, stderrPath: String

    init(_ arguments: [String], failpoint: String? = nil, env extra: [String: String] = [:]) throws {
        let dir = FileManager.default.temporaryDirectory.path
        stdoutPath = "\(dir)/emp-bg-\(UUID().uuidString).out"
        stderrPath = "\(dir)/emp-bg-\(UUID().uuidString).err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = empBinary
        process.arguments = try StoreRouting.route(arguments, cwd: repositoryRoot)
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        var env = ProcessInfo.processInfo.environment
        if let failpoint { env["EMP_FAILPOINT"] = failpoint }
        env.merge(extra) { $1 }
        process.environment = env
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
    }

    /// Waits (up to two minutes) until stderr says `text`.
    func waitFor(_ text: String) throws {
        for _ in 0..<12_000 {
            if read(stderrPath).contains(text) { return }
            if !process.isRunning { break }
            usleep(10_000)
        }
        throw CocoaError(
            .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "emp never said '\(text)': \(read(stderrPath))"])
    }

    /// Waits for the end; the exit code, or the signal that killed it.
    func finish() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Like `finish`, but nil when the run is still going after `seconds` (it is then killed).
    func finish(within seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: stdoutPath)
        try? FileManager.default.removeItem(atPath: stderrPath)
    }
}
