import EMPCore

/// `datapackage.json`: a Frictionless (Tabular) Data Package describing every CSV of the
/// release — field types, code lists as enums, primary keys, missing values, units and
/// descriptions — so `frictionless validate`, pandas or a loader read the tables as emp means
/// them. Deterministic: no date in it (the release's date is in run.json).
public enum DataPackage {
    public static let path = "datapackage.json"

    /// `files`: the release's files (paths inside it); `quarantines`: each quarantine file's own header.
    public static func json(
        pipeline: String, files: [String], formats: [any OutputFormat], release: ReleaseLayout,
        quarantines: [String: [String]]
    ) -> String {
        var resources: [JSONValue] = []
        for f in formats {
            if let schema = f.tableSchema(in: release), files.contains(f.tableFile) {
                resources.append(resource(f.name, f.tableFile, f.summary, schema))
            }
        }
        let s = SharedFields.self
        if files.contains("measures.csv") {
            resources.append(
                resource(
                    "measures", "measures.csv", "ready-made rates and shares as the sources give them",
                    measures(release)))
        }
        if files.contains("changes.csv") {
            resources.append(
                resource(
                    "changes", "changes.csv", "what this release changed against the one before it", changes(release)))
        }
        for path in files.filter({ $0.hasPrefix("quality/quarantine/") && $0.hasSuffix(".csv") }).sorted() {
            let source = String(path.dropFirst("quality/quarantine/".count).dropLast(4))
            let fields: [TableSchema.Field] =
                [
                    .init("_line", "integer", "the row's line in the source file", required: true),
                    .init("_rule", "string", "the rules it broke (`emp rules`), `;`-separated", required: true),
                    .init("_column", "string", "the columns concerned"),
                    .init("_value", "string", "the values concerned"),
                    .init("_reason", "string", "why, in words", required: true),
                ] + (quarantines[source] ?? []).map { .init($0, "string", "the source file's own column") }
            resources.append(
                resource("quarantine_\(source)", path, "rows of \(source) set aside", TableSchema(fields: fields)))
        }
        _ = s
        let doc = JSONValue.object([
            ("profile", .string("tabular-data-package")),
            (
                "name",
                .string(
                    "emp-"
                        + pipeline.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce("") {
                            $0 + String($1)
                        })
            ),
            ("title", .string("Migration profile tables of the \(pipeline) pipeline")),
            ("emp_version", .string(release.settings["emp_version"] ?? "")),
            ("resources", .array(resources)),
        ])
        return doc.render() + "\n"
    }

    static func resource(_ name: String, _ path: String, _ description: String, _ schema: TableSchema) -> JSONValue {
        .object([
            ("name", .string(name.lowercased().replacingOccurrences(of: "_", with: "-"))), ("path", .string(path)),
            ("profile", .string("tabular-data-resource")), ("description", .string(description)),
            ("format", .string("csv")), ("mediatype", .string("text/csv")), ("encoding", .string("utf-8")),
            ("schema", schema.json),
        ])
    }

    static func measures(_ release: ReleaseLayout) -> TableSchema {
        let s = SharedFields.self
        return TableSchema(fields: [
            s.refArea(), .init("measure", "string", "the measure, as the pipeline names it", required: true),
            .init("direction", "string", "IN, OUT or _Z", values: ["IN", "OUT", "_Z"]),
            .init("sex", "string", "SDMX CL_SEX"), .init("age", "string", "age band or _T"),
            .init("education", "string", "ISCED group or _T"),
            .init("counterpart_area", "string", "partner country or _T"),
            .init("time_period", "string", "a year, or the source's own period (2011-Q1, 1990-1995)", required: true),
            .init("obs_value", "number", "the value as the source gives it"),
            .init("unit_measure", "string", "unit, in the indicators' vocabulary where it has one (PT, PS, RATIO…)"),
            s.status(labels: release.labels),
        ])
    }

    static func changes(_ release: ReleaseLayout) -> TableSchema {
        let s = SharedFields.self
        return TableSchema(
            fields: [
                s.refArea(), s.indicator, s.sex, s.counterpart, s.sector, s.rank, s.year,
                .init(
                    "change", "string", "added, removed, revised or reflagged",
                    values: ["added", "removed", "revised", "reflagged"],
                    required: true),
                .init("old_value", "number", "the value as published before (empty: none)"),
                .init("new_value", "number", "the value now (empty: none)"), s.unit(units: s.units(release.labels)),
                s.status("old_status", labels: release.labels, required: false),
                s.status("new_status", labels: release.labels, required: false),
            ], primaryKey: LongTableFormat.keyColumns + ["time_period"])
    }
}
