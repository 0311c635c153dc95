import EMPCore
import EMPStore

/// The outcome of a run: per-source reports, the indicator rows, where outputs went.
public struct RunResult {
    public init(
        pipelineName: String, mode: RunMode, sources: [SourceReport], indicatorCount: Int, countries: [String],
        outputDirectory: String, outputs: [String], timings: [(String, Double)]
    ) {
        (self.pipelineName, self.mode, self.sources, self.indicatorCount) = (
            pipelineName, mode, sources, indicatorCount
        )
        (self.countries, self.outputDirectory, self.outputs, self.timings) = (
            countries, outputDirectory, outputs, timings
        )
    }

    public var pipelineName: String
    public var mode: RunMode
    public var sources: [SourceReport]
    /// Indicator values written (rows of indicators.csv).
    public var indicatorCount: Int
    public var countries: [String]
    public var outputDirectory: String
    public var outputs: [String]
    public var timings: [(String, Double)]
    public var outcome = RunOutcome.validated
    /// The run's number in the store's ledger, and the store.
    public var runID: Int64?
    public var storePath: String?
    /// Sources read from their files in this run (the others came from the store).
    public var sourcesRead: [String] = []
    /// Countries whose indicators were computed (the others' were kept).
    public var countriesComputed = 0
    /// What the release changed against the previous one.
    public var changes = ChangeCounts()
    /// For an unchanged run: the run whose release stays published, and its size.
    public var publishedRun: Int64?
    public var countryCount: Int?
    /// What the release lacks or how it degraded (missing denominators, shrinking coverage,
    /// stale sources, renderings found damaged); exit 0 unless `--strict`.
    public var warnings: [String] = []
    /// What disclosure control withheld in the release (nil: the run published nothing).
    public var disclosure: DisclosureTally?
    /// Sources published from their last good batch because tonight's delivery failed
    /// (`on_failure: keep_previous`).
    public var stale: [String] = []
    /// Why nothing was published, when a run was stopped by its sources or the guards.
    public var refusal: String?
    /// Where the quality report of a run that rejected a source or was refused went.
    public var failedReport: String?
    /// Set when emp computes differently from the last release (new catalogue or engine).
    public var computeNote: String?
    /// For a run that published nothing: the run whose outputs the folder holds, when it is
    /// not the last recorded release (a run killed after its swap, before it was recorded).
    public var folderRun: Int64?

    public var status: ExitStatus {
        if sources.contains(where: { $0.unreadable == true }) {
            return .ioError
        }
        if outcome == .failed || refusal != nil { return .dataRejected }
        return sources.contains(where: { $0.status == .failed }) ? .dataRejected : .success
    }

    public var rowsRead: Int { sources.reduce(0) { $0 + $1.rowsRead } }
    public var accepted: Int { sources.reduce(0) { $0 + $1.accepted } }
    public var quarantined: Int { sources.reduce(0) { $0 + $1.quarantined } }
    public var filtered: Int { sources.reduce(0) { $0 + $1.filtered } }
}
