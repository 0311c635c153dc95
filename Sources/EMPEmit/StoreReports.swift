import EMPCore
import EMPStore

/// What `emp status` shows of a store, read by the runner.
public struct StoreStatus: Sendable {
    public var pipelineName: String
    /// The store as the user names it.
    public var store: String
    /// The pipeline's sources' current batches, by name.
    public var batches: [BatchInfo]
    /// The pipeline's sources with no batch yet.
    public var neverImported: [String]
    /// Sources with a current batch that the pipeline file no longer has.
    public var removed: [String]
    public var coverage: [String: [Int: Set<Domain>]]
    public var runs: [RunRecord]

    public init(
        pipelineName: String, store: String, batches: [BatchInfo], neverImported: [String], removed: [String],
        coverage: [String: [Int: Set<Domain>]], runs: [RunRecord]
    ) {
        (self.pipelineName, self.store, self.batches, self.neverImported) = (
            pipelineName, store, batches, neverImported
        )
        (self.removed, self.coverage, self.runs) = (removed, coverage, runs)
    }
}

/// `emp status`: sources and their current batch, coverage per country, domain and year, the last runs.
public enum StatusReport {
    public static func render(_ s: StoreStatus) -> (text: String, json: JSONValue) {
        var text = "emp status \(s.pipelineName): store \(s.store)\n\nsources (current batch):\n"
        for name in s.neverImported { text += "  \(name)  never imported\n" }
        for b in s.batches {
            let r = b.report
            text +=
                "  \(b.source)  imported \(b.importedAt)  sha256 \(b.file.sha256.prefix(12))  \(r.rowsRead) rows read "
                + "= \(r.accepted) accepted + \(r.quarantined) quarantined + \(r.filtered) filtered  "
                + "\(r.status.rawValue)  \(b.file.path)\n"
        }
        let gone = s.removed
        if !gone.isEmpty { text += "  (no longer in the pipeline file: \(gone.joined(separator: ", ")))\n" }
        let coverage = s.coverage
        text += "\ncoverage (country: domain years):\n"
        var coverageJSON: [(String, JSONValue)] = []
        for area in coverage.keys.sorted() {
            var byDomain: [Domain: [Int]] = [:]
            for (year, domains) in coverage[area]! { for d in domains { byDomain[d, default: []].append(year) } }
            let parts = byDomain.keys.sorted().map { d in (d.rawValue, StatusReport.ranges(byDomain[d]!.sorted())) }
            text += "  \(area): " + parts.map { "\($0.0) \($0.1)" }.joined(separator: "; ") + "\n"
            coverageJSON.append((area, .object(parts.map { ($0.0, .string($0.1)) })))
        }
        let runs = s.runs
        text += "\nlast runs:\n"
        for r in runs {
            text +=
                "  #\(r.id) \(r.command) \(r.startedAt) \(r.outcome.rawValue)"
                + (r.exitCode.map { " exit \($0)" } ?? "")
            if r.outcome == .published {
                text +=
                    ": \(r.sourcesRead) read, \(r.countriesComputed) computed, \(r.indicatorValues) values for "
                    + "\(r.countries) \(r.countries == 1 ? "country" : "countries") (\(r.counts.added) added, "
                    + "\(r.counts.revised) revised, \(r.counts.reflagged) re-flagged, \(r.counts.removed) "
                    + "removed)"
            } else if r.outcome == .imported {
                text += ": \(r.sourcesRead) imported"
            }
            if !r.stale.isEmpty {
                text += "; STALE: \(r.stale.joined(separator: ", ")) (published from the last good batch)"
            }
            if !r.warnings.isEmpty { text += "; \(r.warnings.count) warning\(r.warnings.count == 1 ? "" : "s")" }
            text += "\n"
            for w in r.warnings.prefix(5) { text += "      warning: \(w)\n" }
        }
        let json = JSONValue.object([
            ("store", .string(s.store)),
            (
                "sources",
                .array(
                    s.batches.map { b in
                        .object([
                            ("name", .string(b.source)), ("domain", .string(b.domain)), ("batch", .int(Int(b.id))),
                            ("imported_at", .string(b.importedAt)), ("path", .string(b.file.path)),
                            ("sha256", .string(b.file.sha256)),
                            ("rows_read", .int(b.report.rowsRead)), ("accepted", .int(b.report.accepted)),
                            ("quarantined", .int(b.report.quarantined)), ("status", .string(b.report.status.rawValue)),
                        ])
                    })
            ),
            ("coverage", .object(coverageJSON)),
            (
                "runs",
                .array(
                    runs.map { r in
                        .object([
                            ("id", .int(Int(r.id))), ("command", .string(r.command)),
                            ("started_at", .string(r.startedAt)),
                            ("finished_at", r.finishedAt.map { .string($0) } ?? .null),
                            ("outcome", .string(r.outcome.rawValue)),
                            ("exit_code", r.exitCode.map { .int($0) } ?? .null),
                            ("stale", .array(r.stale.map { .string($0) })),
                            ("warnings", .array(r.warnings.map { .string($0) })),
                        ])
                    })
            ),
        ])
        return (text, json)
    }

    /// `2016-2020, 2022`
    public static func ranges(_ years: [Int]) -> String {
        var out: [String] = [], i = 0
        while i < years.count {
            var j = i
            while j + 1 < years.count, years[j + 1] == years[j] + 1 { j += 1 }
            out.append(i == j ? "\(years[i])" : "\(years[i])-\(years[j])")
            i = j + 1
        }
        return out.joined(separator: ", ")
    }
}

/// `emp diff`: what a published run changed against the release before it, by country.
public enum DiffReport {
    public static func render(
        pipelineName: String, run: RunRecord?, changes: [ValueChange]
    ) -> (text: String, json: JSONValue) {
        guard let run else {
            return (
                "emp diff \(pipelineName): nothing published yet\n", .object([("run", .null), ("changes", .array([]))])
            )
        }
        let counts = ChangeCounts(changes)
        var text =
            "emp diff \(pipelineName): run #\(run.id) (\(run.finishedAt ?? run.startedAt)) against the release before "
            + "it: "
        text +=
            "\(counts.revised) revised, \(counts.reflagged) re-flagged, \(counts.added) added, \(counts.removed) "
            + "removed\n"
        var area = ""
        var perArea: [String: Int] = [:]
        for c in changes { perArea[c.key.refArea, default: 0] += 1 }
        for c in changes {
            let k = c.key
            if k.refArea != area {
                area = k.refArea
                text += "\(area) (\(perArea[area] ?? 0))\n"
            }
            var series = k.indicator
            for (name, v) in [("sex", k.sex), ("counterpart", k.counterpart), ("sector", k.sector), ("rank", k.rank)]
            where v != "_T" && v != "_Z" { series += " \(name)=\(v)" }
            let old = c.old.map { "\($0.value) [\($0.status)]" } ?? "",
                new = c.new.map { "\($0.value) [\($0.status)]" } ?? ""
            switch c.kind {
            case .added: text += "  added      \(series) \(k.year): \(new)\n"
            case .removed: text += "  removed    \(series) \(k.year): \(old)\n"
            case .revised, .reflagged:
                text += "  \(c.kind == .revised ? "revised   " : "re-flagged") \(series) \(k.year): \(old) → \(new)\n"
            }
        }
        let json = JSONValue.object([
            ("run", .int(Int(run.id))),
            ("added", .int(counts.added)), ("removed", .int(counts.removed)), ("revised", .int(counts.revised)),
            ("reflagged", .int(counts.reflagged)),
            (
                "changes",
                .array(
                    changes.map { c in
                        let k = c.key
                        return .object([
                            ("ref_area", .string(k.refArea)), ("indicator", .string(k.indicator)),
                            ("sex", .string(k.sex)),
                            ("counterpart_area", .string(k.counterpart)), ("sector", .string(k.sector)),
                            ("rank", .string(k.rank)),
                            ("time_period", .int(k.year)), ("change", .string(c.kind.rawValue)),
                            ("old_value", number(c.old?.value)), ("new_value", number(c.new?.value)),
                            ("old_status", c.old.map { .string($0.status) } ?? .null),
                            ("new_status", c.new.map { .string($0.status) } ?? .null),
                        ])
                    })
            ),
        ])
        return (text, json)
    }

    /// A value as written in the tables, as a JSON number (null when there is none).
    static func number(_ text: String?) -> JSONValue {
        guard let text, !text.isEmpty, let v = Double(text), v.isFinite else { return .null }
        return .number(text)
    }
}
