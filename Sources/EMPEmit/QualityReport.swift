import EMPCore
import Foundation

/// `quality/report.json` and `quality/summary.txt`: per source, the reconciliation and every
/// diagnostic (file, line, column, rule, value, fix).
public enum QualityReport {
    public static func json(
        _ sources: [SourceReport], warnings: [String] = [], disclosure: DisclosureTally? = nil
    ) -> String {
        let doc = JSONValue.object(
            [
                ("schema_version", .int(1)),
                ("sources", .array(sources.map(source))),
                ("totals", totals(sources)),
                ("warnings", .array(warnings.map { .string($0) })),
            ] + (disclosure.map { [("disclosure", json($0))] } ?? []))
        return doc.render() + "\n"
    }

    /// What disclosure control withheld: the threshold, then per reason (C: too few records,
    /// D: protects a C value) and per indicator.
    static func json(_ d: DisclosureTally) -> JSONValue {
        .object([
            ("min_records", .int(d.minRecords)),
            ("withheld_primary", .int(d.primary)),
            ("withheld_secondary", .int(d.secondary)),
            (
                "by_indicator",
                .object(
                    d.byIndicator.keys.sorted().map {
                        (
                            $0,
                            .object([
                                ("primary", .int(d.byIndicator[$0]!.primary)),
                                ("secondary", .int(d.byIndicator[$0]!.secondary)),
                            ])
                        )
                    })
            ),
        ])
    }

    /// The summary's lines on disclosure control.
    static func text(_ d: DisclosureTally) -> String {
        guard d.minRecords > 1 else { return "disclosure control: off\n\n" }
        var out =
            "disclosure control: values from fewer than \(d.minRecords) microdata records withheld: "
            + "\(d.primary) primary (CONF_STATUS C), \(d.secondary) secondary (D, so no C value can be derived)\n"
        for id in d.byIndicator.keys.sorted() {
            let n = d.byIndicator[id]!
            out += "  \(pad(id, 36))\(n.primary) C, \(n.secondary) D\n"
        }
        return out + "\n"
    }

    static func totals(_ sources: [SourceReport]) -> JSONValue {
        .object([
            ("rows_read", .int(sources.reduce(0) { $0 + $1.rowsRead })),
            ("accepted", .int(sources.reduce(0) { $0 + $1.accepted })),
            ("quarantined", .int(sources.reduce(0) { $0 + $1.quarantined })),
            ("filtered", .int(sources.reduce(0) { $0 + $1.filtered })),
            ("sources_failed", .int(sources.filter { $0.status == .failed }.count)),
        ])
    }

    static func source(_ s: SourceReport) -> JSONValue {
        // `mirrored` only for a matrix read both sides: the reports of other sources stay as they were.
        let mirrored: [(String, JSONValue)] = s.mirrored.map { [("mirrored", .int($0))] } ?? []
        return .object(
            [
                ("name", .string(s.name)),
                ("domain", .string(s.domain)),
                ("path", .string(s.path)),
                ("sha256", .string(s.sha256)),
                ("rows_read", .int(s.rowsRead)),
                ("accepted", .int(s.accepted)),
                ("quarantined", .int(s.quarantined)),
                ("filtered", .int(s.filtered)),
                (
                    "filtered_by_reason",
                    .object(s.filteredByReason.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })
                ),
            ] + mirrored + [
                ("reconciles", .bool(s.reconciles)),
                ("missing_values", .int(s.missingValues)),
                ("status", .string(s.status.rawValue)),
                ("failure", .optional(s.failure)),
                ("counts_by_rule", .object(s.countsByRule.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("diagnostics_truncated", .bool(s.diagnosticsTruncated)),
                ("framing", .optional(s.framing)),
                ("diagnostics", .array(s.diagnostics.map(diagnostic))),
            ])
    }

    static func diagnostic(_ d: Diagnostic) -> JSONValue {
        .object(
            [
                ("file", .string(d.file)),
                ("line", d.line.map { .int($0) } ?? .null),
                ("column", .optional(d.column)),
                ("rule", .string(d.rule.rawValue)),
                ("kind", .string(d.rule.kind)),
                ("severity", .string(d.severity.rawValue)),
                ("value", .optional(d.value)),
                ("message", .string(d.message)),
                ("hint", .string(d.hint)),
            ] + (d.cells > 1 ? [("cells", .int(d.cells))] : []))
    }

    /// The readable summary: one block per source, problems first.
    public static func text(
        _ sources: [SourceReport], warnings: [String] = [], disclosure: DisclosureTally? = nil
    ) -> String {
        var out = "emp quality report\n\n"
        if !warnings.isEmpty {
            out += "warnings:\n" + warnings.map { "  \($0)\n" }.joined() + "\n"
        }
        if let disclosure { out += text(disclosure) }
        let width = sources.map(\.name.count).max().map { max($0 + 2, 24) } ?? 24
        out +=
            pad("source", width) + pad("domain", 13) + pad("read", 9) + pad("accepted", 10) + pad("quarantined", 13)
            + pad("filtered", 10) + "status\n"
        for s in sources {
            out +=
                pad(s.name, width) + pad(s.domain, 13) + pad(String(s.rowsRead), 9) + pad(String(s.accepted), 10)
                + pad(String(s.quarantined), 13) + pad(String(s.filtered), 10) + s.status.rawValue + "\n"
        }
        for s in sources where s.framing != nil { out += "\n\(s.name): \(s.framing!)\n" }
        for s in sources where s.mirrored != nil {
            out += "\n\(s.name): read both sides, \(s.mirrored!) accepted cell(s) also gave their mirrored record\n"
        }
        for s in sources where !s.filteredByReason.isEmpty {
            out += "\n\(s.name): \(s.filtered) row(s) filtered, not quarantined\n"
            for (reason, n) in s.filteredByReason.sorted(by: { $0.key < $1.key }) { out += "  \(n) × \(reason)\n" }
        }
        for s in sources where !s.diagnostics.isEmpty || s.failure != nil {
            out += "\n\(s.name) (\(s.path))"
            if let failure = s.failure { out += ": FAILED: \(failure)" }
            out += "\n"
            for (rule, n) in s.countsByRule.sorted(by: { $0.key < $1.key }) { out += "  \(n) × \(rule)\n" }
            for d in s.diagnostics.prefix(50) { out += "  \(d.rendered)\n" }
            if s.diagnostics.count > 50 { out += "  … \(s.diagnostics.count - 50) more in report.json\n" }
        }
        return out.hasSuffix("\n") ? out : out + "\n"
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }
}

extension QualityReport {
    /// The quality report of a run, its quarantine files (already in the staging folder: the
    /// run wrote those of the sources it read, and those kept in the store for the others)
    /// and the list of outputs.
    public static func write(_ result: inout RunResult, into folder: OutputFolder) throws {
        let d = result.disclosure
        try folder.write("quality/report.json", json(result.sources, warnings: result.warnings, disclosure: d))
        try folder.write("quality/summary.txt", text(result.sources, warnings: result.warnings, disclosure: d))
        for s in result.sources where s.quarantined > 0 {
            let relative = QuarantineFile.path(s.name)
            if FileManager.default.fileExists(atPath: "\(folder.staging)/\(relative)") { try folder.adopt(relative) }
        }
        result.outputs = folder.files.map(\.path).sorted()
    }
}
