import Foundation
import Logging

/// Where emp's log goes: stderr, one line per message. On a terminal `emp: info: …`; elsewhere
/// (cron mail, a log file) each line starts with its UTC time, so a night's mail says when.
/// The level is `--log-level`, else `--verbose` (info), else `EMP_LOG_LEVEL`, else warning.
struct LogOutput: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let timestamps: Bool

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var text = "emp: \(event.level): \(event.message)\n"
        if timestamps {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            text = f.string(from: Date()) + " " + text
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Installs the handler once, at the level the command line or the environment asks for.
    static func install(level option: String?, verbose: Bool) throws {
        let asked = option ?? (verbose ? "info" : ProcessInfo.processInfo.environment["EMP_LOG_LEVEL"])
        let level: Logger.Level
        if let asked {
            guard let parsed = Logger.Level(rawValue: asked.lowercased()) else {
                let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw LevelError(message: "log level '\(asked)' is not one of \(levels)")
            }
            level = parsed
        } else {
            level = .warning
        }
        let timestamps = isatty(2) != 1
        LoggingSystem.bootstrap { _ in LogOutput(logLevel: level, timestamps: timestamps) }
    }

    struct LevelError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
