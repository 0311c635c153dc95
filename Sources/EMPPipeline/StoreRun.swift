import EMPAggregate
import EMPConfig
import EMPCore
import EMPEmit
import EMPRead
import EMPStore
import EMPValidate
import Foundation
import Logging

/// `emp run` and `emp import` with the store: take the lock, read the sources whose bytes
/// (or settings) changed since their last import and keep each as a new batch, then (`run`)
/// publish, unless nothing changed since the last release and its outputs are intact.
struct StoreRun {
    let runner: PipelineRunner
    let setup: RunSetup
    var options: RunOptions { runner.options }

    /// Part of every batch fingerprint: a new way of reading makes every source read again.
    /// ingest 3 (issue 13): fields and records past their limits are quarantined, weights of a
    /// trillion too; E notation, out-of-range values, encodings in reshaped headers, `empty:`
    /// (a matrix's empty cell is 0), totals checked past empty cells, missing-part; a quote never
    /// closed costs its line alone.
    /// ingest 4: a batch's coverage counts only cells with a value; a matrix's residual columns
    /// (two mapped to `_O`) add up instead of conflicting; `both_sides`.
    static let ingestVersion = "emp \(PipelineRunner.version); ingest 4; microdata block \(MicrodataStore.blockSize)"

    func execute() throws -> RunResult {
        let command = "emp \(options.mode.rawValue) \(options.pipelinePath)"
        // Checked before anything is created (the lock file, the store), and again under the lock.
        try claimOutput(storeID: nil)
        let lock = try setup.lockStore(command: command)
        defer { withExtendedLifetime(lock) {} }
        try claimOutput(storeID: nil)
        let store = try openStore()
        try claimOutput(storeID: try marker(store).storeID)
        store.inTransaction = FailPoint.armed == nil ? nil : { FailPoint.reach($0) }
        let runID: Int64
        do { runID = try beginRun(store) } catch let held as RunInProgress {
            throw RunError.lockHeld("\(held.description); try again later, or add --wait to wait for it")
        } catch let error as RunError {
            throw error
        } catch {
            throw storeFailure(error)
        }
        // Only now is this run known to be the only one (lock and ledger): put back what a
        // killed run left.
        if options.mode == .run {
            OutputFolder.recover(target: setup.outputDir)
            OutputFolder.recover(target: setup.failedDir)
        }
        do {
            return try body(store, runID)
        } catch let stop as Interruption.Stopped {
            try? store.finishRun(runID, RunEnd(outcome: .stopped, exitCode: Int(stop.status.rawValue)))
            throw RunError.stopped(
                stop.status,
                "stopped by \(stop.name) before publishing: the outputs and the published values are as they were")
        } catch let error as RunError {
            try? store.finishRun(runID, RunEnd(outcome: .failed, exitCode: Int(error.status.rawValue)))
            throw error
        } catch {
            let failure = storeFailure(error)
            try? store.finishRun(runID, RunEnd(outcome: .failed, exitCode: Int(failure.status.rawValue)))
            throw failure
        }
    }

    /// An error met with the store open: the backend's own errors told as store errors
    /// (damaged, I/O), anything else by what it is (an internal error exits 70).
    func storeFailure(_ error: Error) -> RunError {
        RunError.from(setup.backend.explain(error, location: setup.storePath) ?? error, context: setup.storePath)
    }

    /// The ledger row; with `--wait`, waits while the ledger names a live run (its lock file
    /// was deleted under it), asking ten times a second like the lock.
    func beginRun(_ store: any ReleaseStore) throws -> Int64 {
        while true {
            do {
                return try store.beginRun(
                    command: options.mode.rawValue, pipeline: options.pipelinePath, full: options.full)
            } catch is RunInProgress where options.wait {
                if Interruption.received != 0 {
                    let stop = Interruption.Stopped(signal: Interruption.received)
                    throw RunError.stopped(
                        stop.status, "stopped by \(stop.name) while waiting for the store lock; nothing was done")
                }
                usleep(100_000)
            }
        }
    }

    func body(_ store: any ReleaseStore, _ runID: Int64) throws -> RunResult {
        var clock = Stopwatch()
        let folder = options.mode == .run ? try setup.openFolder() : nil
        defer { folder?.discard() }
        let quarantine =
            folder.map { "\($0.staging)/quality/quarantine" }
            ?? NSTemporaryDirectory() + "emp-import-\(getpid())"
        if folder == nil { try? FileManager.default.removeItem(atPath: quarantine) }
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: quarantine) } }
        var shares = try importSources(store, runID, quarantine: quarantine)
        clock.lap("ingest")
        var result = RunResult(
            pipelineName: setup.config.name, mode: options.mode,
            sources: shares.sorted { $0.index < $1.index }.map(\.report),
            indicatorCount: 0, countries: [], outputDirectory: runner.display(setup.outputDir), outputs: [], timings: []
        )
        result.runID = runID
        result.storePath = runner.display(setup.storePath)
        result.sourcesRead = shares.sorted { $0.index < $1.index }.filter(\.fresh).map(\.source.name)
        let last = try store.lastPublished()
        result.publishedRun = last?.run.id
        // All or nothing: a source that failed beyond its policy stops the release (or, with
        // `on_failure: keep_previous`, is published from its last good batch, marked stale).
        let rejected = shares.filter { $0.report.status == .failed }
        if !rejected.isEmpty { result.failedReport = writeFailedReport(result, quarantine: quarantine, store: store) }
        guard let folder else { return try finish(&result, .imported, store, runID) }
        let unrecoverable = try keepPrevious(rejected, in: &shares, result: &result, quarantine: quarantine)
        if !unrecoverable.isEmpty { return try finishFailed(&result, store, runID) }
        result.warnings += try deliveryWarnings(shares, store: store)
        // What every country's outputs depend on besides its rows (emp's ways of reading and
        // computing, the settings); and what the whole release depends on besides its batches
        // (the sources in reading order, with the paths the quality report shows, and which
        // are stale: a release that turns stale is published again to say so in run.json).
        let settings = Digest.sha256Hex(
            fields: [
                StoreRun.ingestVersion, ComputeVersion.digest, "skills_age=\(setup.config.skillsAllAges)",
                "disclosure.min_records=\(setup.config.disclosureRule.minRecords)",
            ]
                + setup.renderSettings)
        let release = Digest.sha256Hex(
            fields: [settings] + shares.map { "\($0.source.name)=\($0.report.path)" }
                + result.stale.map { "stale:\($0)" } + setup.formatSetting)
        if let last, last.run.compute != ComputeVersion.digest {
            result.computeNote =
                "emp \(PipelineRunner.version) computes differently from run \(last.run.id) (indicator catalogue or "
                + "engine changed)"
        }
        if !options.full, let last, last.settings == release,
            last.batches == Set(shares.compactMap(\.batch)),
            OutputFolder.holds(target: setup.outputDir, runID: last.run.id)
        {
            let summaries = try store.countrySummaries()
            let notes = DisclosureTally.split(
                summaries.keys.sorted().flatMap { summaries[$0]!.gaps },
                minRecords: setup.config.disclosureRule.minRecords)
            result.warnings += notes.warnings
            result.disclosure = notes.tally
            if options.strict, !result.warnings.isEmpty {
                result.refusal =
                    "--strict: \(result.warnings.count) warning(s); the release of run \(last.run.id) stays as it is"
                result.failedReport = writeFailedReport(result, quarantine: quarantine, store: store)
                return try finishFailed(&result, store, runID)
            }
            if rejected.isEmpty { OutputFolder.removeOwned(setup.failedDir, kind: .failedRun) }
            return try finishUnchanged(&result, store, runID, last: last.run)
        }
        let publication = Publication(
            setup: setup, store: store, runID: runID, shares: shares, folder: folder, settings: settings,
            release: release, marker: try marker(store))
        do { try publication.run(&result, clock: &clock) } catch let refused as Publication.Refused {
            result.refusal = refused.message
            result.failedReport = writeFailedReport(result, quarantine: quarantine, store: store, staged: folder)
            return try finishFailed(&result, store, runID)
        }
        if rejected.isEmpty { OutputFolder.removeOwned(setup.failedDir, kind: .failedRun) }
        return result
    }

    /// Every source in reading order: read again when its file or settings changed since its
    /// current batch (then kept as a new batch), else left in the store (fx rates are
    /// restored at once: they convert the sources read after them).
    func importSources(_ store: any ReleaseStore, _ runID: Int64, quarantine: String) throws -> [SourceShare] {
        let current = try store.currentBatches()
        let published = try store.publishedBatches(known: current)
        var rates = ExchangeRates()
        var fx: [String] = []
        var shares: [SourceShare] = []
        for (index, source) in setup.ordered {
            try Interruption.check()
            defer { FailPoint.reach("imported:\(source.name)") }
            let path = setup.path(of: source)
            let config = configDigest(source, fx: fx)
            let batch = current[source.name]
            let selected = options.onlySources.isEmpty || options.onlySources.contains(source.name)
            var reuse = false
            if let batch {
                reuse = try !selected || (!options.full && unchanged(batch, path: path, config: config, store: store))
            }
            runner.logger.info(
                "\(source.name): \(StoreRun.decision(batch: batch, reuse: reuse, selected: selected, full: options.full))"
            )
            let share: SourceShare
            if let batch, reuse {
                share =
                    try source.domain == .fx
                    ? SourceShare.restore(
                        source, batch: batch.id, report: batch.report, store: store, countries: nil, rates: &rates)
                    : kept(source, batch)
                share.report.relocate(to: setup.reportPath(of: source))
                fx += source.domain == .fx ? [batch.fingerprint] : []
            } else if selected {
                let (read, fingerprint) = try readAndKeep(
                    source, path: path, config: config, store: store, runID: runID,
                    quarantine: quarantine, current: batch, rates: &rates)
                share = read
                fx += source.domain == .fx ? [fingerprint] : []
            } else {
                continue
            }
            share.index = index
            share.previous = published[source.name] ?? batch
            share.lastGood = batch
            shares.append(share)
        }
        return shares
    }

    /// Why a source is read again or kept, for the log.
    static func decision(batch: BatchInfo?, reuse: Bool, selected: Bool, full: Bool) -> String {
        guard let batch else { return "read: never imported" }
        if reuse {
            return selected
                ? "kept: batch \(batch.id) of \(batch.importedAt) has its bytes and settings"
                : "kept: not selected by --source"
        }
        return full ? "read again: --full" : "read again: its file or settings changed since batch \(batch.id)"
    }

    func kept(_ source: SourceConfig, _ batch: BatchInfo) -> SourceShare {
        let share = SourceShare(source: source, report: batch.report, fresh: false)
        share.batch = batch.id
        return share
    }

    /// Whether the file holds the bytes of the batch and the settings are the same. The hash
    /// is skipped when `stat` matches and the file was last changed well before the batch's
    /// stamp was taken (a change within the same instant could keep the times).
    func unchanged(_ batch: BatchInfo, path: String, config: String, store: any ReleaseStore) throws -> Bool {
        let stampedAt = StoreRun.nowNs()
        guard let stamp = FileStamp.current(path) else { return false }
        let settled = batch.stampedAtNs - max(stamp.mtimeNs, stamp.ctimeNs) > 2_000_000_000
        let trusted = batch.file.sameStat(stamp) && settled
        guard let sha = trusted ? batch.file.sha256 : Digest.sha256Hex(path: path),
            StoreRun.fingerprint(config, sha) == batch.fingerprint
        else { return false }
        if !trusted { try store.restamp(batch: batch.id, file: stamp, stampedAtNs: stampedAt) }
        return true
    }

    /// Reads a source and keeps it as the source's new batch (its own transaction), unless
    /// it holds what the current batch holds (`--full` reads every source again).
    func readAndKeep(
        _ source: SourceConfig, path: String, config: String, store: any ReleaseStore, runID: Int64, quarantine: String,
        current: BatchInfo?, rates: inout ExchangeRates
    ) throws -> (SourceShare, String) {
        let stampedAt = StoreRun.nowNs()
        let stamp = FileStamp.current(path)
        let share = SourceShare.read(
            source, path: path, displayPath: setup.reportPath(of: source),
            context: setup.context(rates: rates, source: source), rates: &rates)
        // A signal during the read ended it early: stop here, keeping nothing of it.
        try Interruption.check()
        try share.writeQuarantine(in: quarantine)
        let report = share.report
        if report.unreadable == true || stamp == nil {
            let why = report.diagnostics.first?.rendered ?? report.failure ?? "cannot read \(path)"
            throw RunError.io("source \(source.name): \(why)")
        }
        // A delivery that failed is not kept: the source's current batch stays its last good one.
        if report.status == .failed { return (share, "") }
        var file = stamp!
        file.sha256 = report.sha256
        file.bytes = report.bytes
        let fingerprint = StoreRun.fingerprint(config, report.sha256)
        // The same bytes as the current batch, or as an earlier one (a revision withdrawn):
        // that batch serves again, so an unchanged release stays unchanged.
        if let same = try current?.fingerprint == fingerprint
            ? current?.id : store.batch(source: source.name, fingerprint: fingerprint)
        {
            try store.restamp(batch: same, file: file, stampedAtNs: stampedAt)
            share.batch = same
            share.release()
            return (share, fingerprint)
        }
        let batch = share.newBatch(fingerprint: fingerprint, file: file, stampedAtNs: stampedAt)
        share.batch = try store.save(batch, runID: runID)
        share.release()
        return (share, fingerprint)
    }

    /// What, besides its bytes, decides what a source's batch holds: its settings (not its
    /// path), the pipeline's ingest settings, emp's way of reading and, for sources
    /// converted to USD, the exchange rates.
    func configDigest(_ source: SourceConfig, fx: [String]) -> String {
        var settings = source
        settings.path = ""
        // The pipeline's limits are the source's when it sets none (they decide what is quarantined).
        settings.max_field_bytes = source.max_field_bytes ?? setup.config.max_field_bytes
        settings.max_record_bytes = source.max_record_bytes ?? setup.config.max_record_bytes
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(settings)).map { String(decoding: $0, as: UTF8.self) } ?? source.name
        let names = (setup.config.country_names ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return Digest.sha256Hex(
            fields: [StoreRun.ingestVersion, json, String(setup.config.tolerancePct), names.joined(separator: ";")]
                + (source.domain == .fx ? [] : fx))
    }

    static func fingerprint(_ config: String, _ sha256: String) -> String {
        Digest.sha256Hex(fields: [config, sha256])
    }

    static func nowNs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }
}
