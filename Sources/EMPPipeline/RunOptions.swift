import Foundation

/// What the command line can change about a run.
public struct RunOptions: Sendable {
    public enum Mode: String, Sendable { case run, validate }

    public var pipelinePath: String
    public var mode: Mode = .run
    /// `--output DIR`: the output folder instead of the pipeline's.
    public var output: String?
    /// `--source NAME=PATH`: read this source from another file (e.g. tonight's delivery).
    public var sourceOverrides: [String: String] = [:]
    /// `--threads N`: how many threads may share a large microdata file (1 or 2; the
    /// default is 2 on a machine with two cores or more).
    public var threads: Int = min(2, ProcessInfo.processInfo.activeProcessorCount)

    public init(pipelinePath: String, mode: Mode = .run) {
        self.pipelinePath = pipelinePath
        self.mode = mode
    }
}

/// Exit codes, documented in README.md. They follow sysexits(3) where one fits.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// The run completed but data were rejected beyond a source's policy.
    case dataRejected = 1
    case usage = 64
    case ioError = 74
    case internalError = 70
    case configError = 78
}
