import EMPCore
import Foundation

/// What the command line can change about a run.
public struct RunOptions: Sendable {
    public typealias Mode = RunMode

    public var pipelinePath: String
    public var mode: Mode = .run
    /// `--output DIR`: the output folder instead of the pipeline's.
    public var output: String?
    /// `--store FILE`: the store instead of `<output>.emp.sqlite`.
    public var store: String?
    /// `--source NAME=PATH`: read this source from another file (e.g. tonight's delivery).
    public var sourceOverrides: [String: String] = [:]
    /// `emp import --source NAME`: import only these sources.
    public var onlySources: Set<String> = []
    /// `--full`: read every source again and recompute every country.
    public var full = false
    /// `--wait`: wait for a run holding the store lock instead of exiting at once.
    public var wait = false
    /// `--threads N`: how many threads may share a large microdata file (1 or 2; the
    /// default is 2 on a machine with two cores or more).
    public var threads: Int = min(2, ProcessInfo.processInfo.activeProcessorCount)
    /// `--allow-removals`: publish even when the release guards would stop the run.
    public var allowRemovals = false
    /// `--strict`: warnings (missing denominators, shrinking coverage, stale sources) fail the run.
    public var strict = false

    public init(pipelinePath: String, mode: Mode = .run) {
        self.pipelinePath = pipelinePath
        self.mode = mode
    }
}
