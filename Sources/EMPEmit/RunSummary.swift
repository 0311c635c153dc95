import EMPCore
import EMPStore

/// How a run tells what it did: the summary line (stdout, logs, cron mail), the notes on
/// sources that set rows aside, and `--json`.
extension RunResult {
    /// One line for logs and cron mail.
    public var summaryLine: String {
        let failed = sources.filter { $0.status == .failed }.map(\.name)
        var s =
            "emp \(mode.rawValue) \(pipelineName): \(n(sources.count, "source", "sources")), "
            + "\(n(rowsRead, "row", "rows")) read, \(accepted) accepted, \(quarantined) quarantined"
        if filtered > 0 { s += ", \(filtered) filtered" }
        if mode == .run, outcome != .failed {
            s +=
                "; \(n(indicatorCount, "indicator value", "indicator values")) for "
                + "\(n(countryCount ?? countries.count, "country", "countries"))"
        }
        switch outcome {
        case .unchanged: s += "; nothing changed since run \(publishedRun ?? 0), outputs kept"
        case .published:
            s += "; \(sourcesRead.count) read again, "
            if let computeNote { s += "\(computeNote): " }
            s += "\(countriesComputed) computed, \(changesText)"
        case .imported:
            // A delivery that failed was read but not kept.
            s +=
                "; \(sourcesRead.filter { !failed.contains($0) }.count) imported, "
                + "\(sources.count - sourcesRead.count) unchanged"
        default: break
        }
        if !stale.isEmpty {
            s +=
                "; STALE: \(stale.joined(separator: ", ")) (delivery failed"
                + (outcome == .failed ? ")" : ", last good batch published)")
        }
        if !warnings.isEmpty { s += "; \(n(warnings.count, "warning", "warnings"))" }
        s += failed.isEmpty ? (refusal == nil ? "; ok" : "; REFUSED") : "; FAILED: \(failed.joined(separator: ", "))"
        if outcome == .failed {
            if let folderRun, let publishedRun {
                s +=
                    "; nothing published; the output folder holds the outputs of run \(folderRun), killed before it "
                    + "was recorded (the store's release is run \(publishedRun)); a run that publishes replaces "
                    + "them"
            } else {
                s += "; nothing published" + (publishedRun.map { ", the release of run \($0) stays" } ?? "")
            }
            return s + " → \(failedReport ?? outputDirectory)"
        }
        return s + " → \(mode == .import ? storePath ?? outputDirectory : outputDirectory)"
    }

    /// `3 revised, 1 added` — or `no change`.
    public var changesText: String {
        let c = changes
        let parts = [(c.revised, "revised"), (c.reflagged, "re-flagged"), (c.added, "added"), (c.removed, "removed")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "no change" : parts.joined(separator: ", ")
    }

    func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }

    /// One line per source that set rows aside (quarantined or filtered), with the main reason,
    /// so no row is left unexplained in the closing note; the full list is in quality/summary.txt.
    public var sourceNotes: [String] {
        sources.filter { $0.quarantined > 0 || $0.filtered > 0 }.map { s in
            var line = "  \(s.name): \(s.rowsRead) read = \(s.accepted) accepted + \(s.quarantined) quarantined"
            if s.filtered > 0 { line += " + \(s.filtered) filtered" }
            func top(_ counts: [String: Int]) -> String {
                counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(2).map { "\($0.value) × \($0.key)" }
                    .joined(separator: ", ")
            }
            var reasons: [String] = []
            if s.quarantined > 0 { reasons.append("problems: " + top(s.countsByRule)) }
            if s.filtered > 0 { reasons.append("filtered: " + top(s.filteredByReason)) }
            return line + " (" + reasons.joined(separator: "; ") + ")"
        }
    }

    public var json: String {
        JSONValue.object([
            ("schema_version", .int(1)),
            ("pipeline", .string(pipelineName)),
            ("mode", .string(mode.rawValue)),
            ("outcome", .string(outcome.rawValue)),
            ("exit_code", .int(Int(status.rawValue))),
            ("run_id", runID.map { .int(Int($0)) } ?? .null),
            ("sources_read", .array(sourcesRead.map { .string($0) })),
            ("countries_computed", .int(countriesComputed)),
            ("warnings", .array(warnings.map { .string($0) })),
            ("stale", .array(stale.map { .string($0) })),
            ("refusal", .optional(refusal)),
            ("failed_report", .optional(failedReport)),
            ("compute_note", .optional(computeNote)),
            (
                "changes",
                .object([
                    ("added", .int(changes.added)), ("removed", .int(changes.removed)),
                    ("revised", .int(changes.revised)), ("reflagged", .int(changes.reflagged)),
                ])
            ),
            ("output", .string(outputDirectory)),
            ("rows_read", .int(rowsRead)),
            ("accepted", .int(accepted)),
            ("quarantined", .int(quarantined)),
            ("filtered", .int(filtered)),
            ("indicator_values", .int(indicatorCount)),
            ("countries", .array(countries.map { .string($0) })),
            ("country_count", .int(countryCount ?? countries.count)),
            (
                "sources",
                .array(
                    sources.map { s in
                        .object([
                            ("name", .string(s.name)), ("status", .string(s.status.rawValue)),
                            ("rows_read", .int(s.rowsRead)),
                            ("accepted", .int(s.accepted)), ("quarantined", .int(s.quarantined)),
                            ("filtered", .int(s.filtered)), ("failure", .optional(s.failure)),
                        ])
                    })
            ),
        ]).render() + "\n"
    }
}
