import EMPCore
import Foundation

/// One line of the run ledger.
public struct RunRecord: Sendable {
    public var id: Int64
    public var command: String
    public var pipeline: String
    public var pid: Int
    public var startedAt: String
    public var finishedAt: String?
    public var outcome: RunOutcome
    public var exitCode: Int?
    public var full: Bool
    public var sourcesRead: Int
    public var countriesComputed: Int
    public var indicatorValues: Int
    public var countries: Int
    public var counts: ChangeCounts
    public var summary: String?
    /// Digest of emp's way of computing when the run published (nil: an older emp's run).
    public var compute: String?
    /// Sources published from an earlier batch because their delivery failed.
    public var stale: [String] = []
    public var warnings: [String] = []

    public init(
        id: Int64, command: String, pipeline: String, pid: Int, startedAt: String, finishedAt: String?,
        outcome: RunOutcome,
        exitCode: Int?, full: Bool, sourcesRead: Int, countriesComputed: Int, indicatorValues: Int, countries: Int,
        counts: ChangeCounts, summary: String?, compute: String?, stale: [String], warnings: [String]
    ) {
        (self.id, self.command, self.pipeline, self.pid, self.startedAt, self.finishedAt) = (
            id, command, pipeline, pid, startedAt, finishedAt
        )
        (self.outcome, self.exitCode, self.full, self.sourcesRead, self.countriesComputed) = (
            outcome, exitCode, full, sourcesRead, countriesComputed
        )
        (self.indicatorValues, self.countries, self.counts, self.summary) = (
            indicatorValues, countries, counts, summary
        )
        (self.compute, self.stale, self.warnings) = (compute, stale, warnings)
    }
}

/// How a run ended, for the ledger.
public struct RunEnd: Sendable {
    /// `published` (new outputs), `unchanged` (nothing to publish), `imported` (emp import),
    /// `failed`, `stopped` (SIGTERM/SIGINT); a killed run stays `running` until the next run
    /// marks it `interrupted`.
    public var outcome: RunOutcome
    public var exitCode: Int
    public var sourcesRead = 0
    public var countriesComputed = 0
    /// The publication's size: rows of indicators.csv and countries.
    public var indicatorValues = 0
    public var countries = 0
    public var counts = ChangeCounts()
    /// What a publication depends on besides the batches (emp version, settings, outputs).
    public var settings: String?
    public var summary: String?
    /// Digest of emp's way of computing (catalogue, engine, output formats).
    public var compute: String?
    public var stale: [String] = []
    public var warnings: [String] = []

    public init(outcome: RunOutcome, exitCode: Int) {
        self.outcome = outcome
        self.exitCode = exitCode
    }
}
