import EMPConfig
import EMPCore
import EMPEmit
import EMPStore
import EMPValidate
import Foundation
import Logging

/// Release safety around a run (issue 18): the output folder and the store must be emp's and
/// each other's; a run whose sources failed publishes nothing and leaves its report beside
/// the release; each ending is recorded in the ledger.
extension StoreRun {
    /// Opens the store after checking the output folder's marker agrees with it: a release
    /// published from another store, or whose store is missing, is refused before anything
    /// is touched (a missing store is never silently re-created under a release).
    func openStore() throws -> any ReleaseStore {
        let found =
            options.mode != .validate && PathEntry.at(setup.outputDir) == .folder
            ? ReleaseMarker.read(folder: setup.outputDir) : nil
        // A store elsewhere than the marker says is taken when it is the same store (moved
        // with its release: the identities are compared once it is open).
        let here = (try? setup.backend.inspect(setup.storePath)) ?? true
        if let found, found.kind == .release, let named = found.store,
            named != StoreBackends.name(setup.storePath), !here
        {
            throw RunError.notOwned(OutputFolder.otherStore(setup.outputDir, named: named, mine: setup.storePath))
        }
        if found?.kind == .release, setup.storeMissing {
            throw RunError.io(
                "the store \(setup.storePath) that published the release in \(runner.display(setup.outputDir)) is "
                    + "missing; nothing was changed. Restore it from a backup, or give --output a new folder to start "
                    + "a new history"
            )
        }
        do { return try setup.backend.open(setup.storePath, create: true) } catch let error as StoreError {
            throw RunError.from(error)
        } catch {
            throw storeFailure(error)
        }
    }

    /// `--store` must be emp's store or nothing, never inside an emp folder (a release is
    /// replaced whole) nor inside the output folder; checked before the lock files are made.
    func claimStorePath() throws {
        // A database is no place in the file system: only what is there is looked at.
        if StoreBackends.isURL(setup.storePath) {
            do { _ = try setup.backend.inspect(setup.storePath) } catch let error as StoreError {
                throw RunError.from(error)
            }
            return
        }
        if setup.storePath.hasPrefix(setup.outputDir + "/") {
            throw RunError.notOwned(
                "--store \(setup.storePath) is inside the output folder \(runner.display(setup.outputDir)), which "
                    + "each release replaces whole; nothing was changed: keep the store beside the folder (the "
                    + "default) or elsewhere"
            )
        }
        do { try OutputFolder.refuseInsideEmpFolder(setup.storePath, option: "--store") } catch let refused as NotOwned
        {
            throw RunError.notOwned(refused.description)
        }
        do { _ = try setup.backend.inspect(setup.storePath) } catch let error as StoreError {
            throw RunError.from(error)
        }
    }

    /// The marker of this store's releases.
    func marker(_ store: any ReleaseStore) throws -> ReleaseMarker {
        let id: String
        do { id = try store.storeID() } catch { throw storeFailure(error) }
        return ReleaseMarker(kind: .release, store: StoreBackends.name(setup.storePath), storeID: id)
    }

    /// The output folder must be emp's, of this store (its identity once the store is open).
    func claimOutput(storeID: String?) throws {
        guard options.mode != .validate else { return }
        let marker = ReleaseMarker(kind: .release, store: StoreBackends.name(setup.storePath), storeID: storeID)
        do { try OutputFolder.claim(setup.outputDir, as: marker) } catch let refused as NotOwned {
            throw RunError.notOwned(refused.description)
        }
        try claimStorePath()
    }

    /// Sources that failed and asked for `on_failure: keep_previous` are published from their
    /// current batch (the last good one: a failed delivery is never kept), marked stale;
    /// returns the failed sources that cannot be.
    func keepPrevious(
        _ rejected: [SourceShare], in shares: inout [SourceShare], result: inout RunResult,
        quarantine: String
    ) throws -> [SourceShare] {
        var left: [SourceShare] = []
        for failed in rejected {
            // The batch the last release used: a newer one refused by the guards is no "good" one.
            guard failed.source.on_failure == .keepPrevious, failed.source.domain != .fx, let batch = failed.previous,
                batch.report.status == .ok, let at = shares.firstIndex(where: { $0 === failed })
            else {
                left.append(failed)
                continue
            }
            let kept = SourceShare(source: failed.source, report: batch.report, fresh: false)
            kept.batch = batch.id
            kept.index = failed.index
            kept.previous = failed.previous
            kept.lastGood = batch
            shares[at] = kept
            // Its delivery's quarantine file is in the failed report; the release keeps the batch's.
            try? FileManager.default.removeItem(atPath: "\(quarantine)/\(failed.source.name).csv")
            if let i = result.sources.firstIndex(where: { $0.name == failed.source.name }) {
                result.sources[i] = batch.report
            }
            result.sourcesRead.removeAll { $0 == failed.source.name }
            result.stale.append(failed.source.name)
            result.warnings.append(
                "\(failed.source.name): STALE: its delivery \(failed.report.path) failed "
                    + "(\(failed.report.failure ?? "see the report")); its last good batch of \(batch.importedAt) "
                    + "(\(batch.file.path), sha256 \(batch.file.sha256.prefix(12))) stands in for it, as "
                    + "on_failure: keep_previous asks"
            )
        }
        return left
    }

    /// `<output>-failed/`: the quality report of a run that published nothing (or published
    /// a stale source), with the quarantine files of the sources it read and, for a run the
    /// guards stopped, the `changes.csv` it would have published. Beside the release, never
    /// in it; returns where it went (nil, with a warning, when that path is not emp's).
    func writeFailedReport(
        _ result: RunResult, quarantine: String, store: any ReleaseStore, staged: OutputFolder? = nil
    ) -> String? {
        var result = result
        let target = setup.failedDir
        let marker = ReleaseMarker(
            kind: .failedRun, store: StoreBackends.name(setup.storePath), storeID: (try? store.storeID()) ?? nil)
        do {
            try OutputFolder.claim(target, as: marker, option: "the failed run's report folder")
            let folder = try OutputFolder(target: target)
            defer { folder.discard() }
            let fm = FileManager.default
            for s in result.sources where s.quarantined > 0 && fm.fileExists(atPath: "\(quarantine)/\(s.name).csv") {
                try folder.write(
                    "quality/quarantine/\(s.name).csv",
                    data: try Data(contentsOf: URL(fileURLWithPath: "\(quarantine)/\(s.name).csv")),
                    record: false)
            }
            if let staged, let changes = fm.contents(atPath: "\(staged.staging)/changes.csv") {
                try folder.write("changes.csv", data: changes)
            }
            try QualityReport.write(&result, into: folder)
            try RunManifest(run: setup.manifestRun, result: result, folder: folder).write()
            try folder.mark(marker)
            try folder.commit()
            return runner.display(target)
        } catch {
            FileHandle.standardError.write(
                Data("emp: could not write the failed run's report to \(runner.display(target)): \(error)\n".utf8))
            return nil
        }
    }

    /// A run that published nothing: the folder's outputs named when they are not the last
    /// recorded release (a run killed after its swap).
    func finishFailed(_ result: inout RunResult, _ store: any ReleaseStore, _ runID: Int64) throws -> RunResult {
        if let last = result.publishedRun, !OutputFolder.holds(target: setup.outputDir, runID: last) {
            result.folderRun = OutputFolder.runID(in: setup.outputDir)
        }
        return try finish(&result, .failed, store, runID)
    }

    func finishUnchanged(
        _ result: inout RunResult, _ store: any ReleaseStore, _ runID: Int64, last: RunRecord
    ) throws -> RunResult {
        setup.runner.logger.info("nothing changed since run \(last.id): its release stays, nothing written")
        result.publishedRun = last.id
        result.indicatorCount = last.indicatorValues
        result.countryCount = last.countries
        return try finish(&result, .unchanged, store, runID)
    }

    /// The ledger's end of a run that publishes nothing (`failed`, `unchanged`, `imported`).
    func finish(
        _ result: inout RunResult, _ outcome: RunOutcome, _ store: any ReleaseStore, _ runID: Int64
    ) throws -> RunResult {
        result.outcome = outcome
        var end = RunEnd(outcome: outcome, exitCode: Int(result.status.rawValue))
        end.sourcesRead = result.sourcesRead.count
        end.stale = result.stale
        end.warnings = result.warnings
        end.summary = result.summaryLine
        try store.finishRun(runID, end)
        return result
    }

    /// What this run's deliveries say about the release: sources whose batch covers fewer
    /// countries or years than the batch the last release used (said on every run until a
    /// release takes it), sources that fed the last release and are no longer in the pipeline
    /// file, a `--source` with another source's bytes, an imported batch left unused.
    func deliveryWarnings(_ shares: [SourceShare], store: any ReleaseStore) throws -> [String] {
        let names = Set(setup.config.sources.map(\.name))
        var out = try store.publishedSources().subtracting(names).sorted().map {
            "\($0): fed the last release but is no longer in the pipeline file: its values are withdrawn from the "
                + "release"
        }
        for (name, _) in options.sourceOverrides.sorted(by: { $0.key < $1.key }) {
            guard let share = shares.first(where: { $0.source.name == name }), !share.report.sha256.isEmpty,
                let other = shares.first(where: { $0.source.name != name && $0.report.sha256 == share.report.sha256 })
            else { continue }
            out.append(
                "\(name): --source gives the same bytes as the file of \(other.source.name) (\(other.report.path)): "
                    + "check the path"
            )
        }
        for share in shares {
            // A batch imported from another file (emp import --source) that this run does not use.
            if let imported = share.lastGood, imported.id != share.batch, imported.id != share.previous?.id,
                imported.file.path != setup.path(of: share.source)
            {
                out.append(
                    "\(share.source.name): the batch read from \(imported.file.path) at \(imported.importedAt), never "
                        + "published, is not used: this run reads \(share.report.path); give --source "
                        + "\(share.source.name)=\(imported.file.path) to publish that one"
                )
            }
            // A batch read again from the same bytes (a new emp reads differently) is not a
            // delivery that shrank: what its coverage lost is emp's doing, and the guards say it.
            guard let id = share.batch, let previous = share.previous, previous.id != id,
                previous.file.sha256 != share.report.sha256
            else { continue }
            let before = try store.coverage(batches: [previous.id]), after = try store.coverage(batches: [id])
            if let shrink = ReleaseWarnings.shrinkage(share.source.name, before: before, after: after) {
                out.append(shrink)
            }
        }
        return out
    }
}
