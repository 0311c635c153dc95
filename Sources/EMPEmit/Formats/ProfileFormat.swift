import EMPCore
import EMPIndicators

/// `profiles/<ISO3>.json`: everything emp knows about one country, self-describing (issue 11):
/// each indicator with its name, unit and the standard it follows, then its series — one per
/// breakdown, with the breakdown's labels — as parallel arrays of years, values (JSON numbers,
/// null when missing) and flags. `schemas/profile.schema.json` in the release describes it.
public struct ProfileFormat: OutputFormat {
    public init() {}
    public var name: String { "profiles" }
    public var files: String { "profiles/<ISO3>.json" }
    public var summary: String {
        "one JSON document per country: its years, coverage per domain and every series with names and units"
    }

    /// Raised when the document's layout changes (the schema says which it describes).
    static let schemaVersion = 2

    public func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink {
        try folder.write(ProfileSchema.path, ProfileSchema.text)
        return FilePerCountrySink(folder: folder, directory: "profiles", fileExtension: "json")
    }

    public func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8] {
        let years = country.result.years
        var coverage: [(String, JSONValue)] = []
        for domain in Domain.allCases where !domain.isReference && domain != .microdata && domain != .measures {
            let covered = years.filter { country.result.domains[$0]?.contains(domain) == true }
            coverage.append((domain.rawValue, .array(covered.map { .int($0) })))
        }
        let doc = JSONValue.object([
            ("schema", .string(ProfileSchema.path)),
            ("schema_version", .int(Self.schemaVersion)),
            ("emp_version", .string(release.settings["emp_version"] ?? "")),
            ("ref_area", .string(country.country)),
            ("name", .string(country.name)),
            ("years", .array(years.map { .int($0) })),
            ("coverage", .object(coverage)),
            ("indicators", .object(indicators(country.rows, labels: release.labels))),
        ])
        var out: [UInt8] = []
        out.reserveCapacity(country.rows.count * 40 + 2048)
        doc.render(into: &out, indent: 0)
        out.append(0x0A)
        return out
    }

    /// Each indicator (rows come in table order: an indicator's series are consecutive).
    func indicators(_ rows: [IndicatorValue], labels: CodeLabels) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        var i = 0
        while i < rows.count {
            var j = i
            var series: [JSONValue] = []
            while j < rows.count, rows[j].indicator == rows[i].indicator {
                var k = j + 1
                while k < rows.count, IndicatorValue.sameSeries(rows[k], rows[j]) { k += 1 }
                series.append(Self.series(rows[j..<k], labels: labels))
                j = k
            }
            let r = rows[i], definition = Catalogue.definition(of: r.indicator)
            out.append(
                (
                    r.indicator,
                    .object([
                        ("name", .string(definition?.name ?? r.indicator)),
                        ("unit_measure", .string(r.unit)),
                        ("unit_label", .string(labels.label("unit_measure", r.unit) ?? r.unit)),
                        ("standard", .string(definition?.standard ?? "")),
                        ("series", .array(series)),
                    ])
                ))
            i = j
        }
        return out
    }

    /// One series: its breakdown (codes and labels; totals left out) and its observations.
    static func series(_ rows: ArraySlice<IndicatorValue>, labels: CodeLabels) -> JSONValue {
        let r = rows.first!
        var fields: [(String, JSONValue)] = []
        func code(_ key: String, _ value: String, _ total: String, label dimension: String) {
            guard value != total else { return }
            fields.append((key, .string(value)))
            if let label = labels.label(dimension, value) { fields.append((key + "_label", .string(label))) }
        }
        code("sex", r.sex, "_T", label: "sex")
        code("counterpart_area", r.counterpart, "_T", label: "counterpart_area")
        code("sector", r.sector, "_Z", label: "sector")
        if r.rank != "_Z" { fields.append(("rank", .int(Int(r.rank) ?? 0))) }
        fields.append(("time_period", .array(rows.map { .int($0.year) })))
        fields.append(("obs_value", .array(rows.map { v in v.value == nil ? .null : .number(exact(v)) })))
        fields.append(("obs_status", .array(rows.map { .string($0.status.code) })))
        return .object(fields)
    }

    /// Values at full precision (the tables round ratios to 6 decimals).
    static func exact(_ r: IndicatorValue) -> String { ValueFormat.exact(r.value, unit: r.unit) }
}
