import EMPCore
import EMPIndicators

/// `indicators_labelled.csv`: the long table with a label beside every code (as .Stat's
/// "labels: both"): the country's, the indicator's, the breakdowns', the unit's and the flag's.
/// Chosen in the pipeline (`outputs:`): it is the long table again, three times its size.
public struct LabelledTableFormat: OutputFormat {
    public init() {}
    public var name: String { "indicators_labelled" }
    public var files: String { "indicators_labelled.csv" }
    public var summary: String { "the long table with a label beside every code (chosen with outputs:)" }
    public var onByDefault: Bool { false }

    static let header = [
        "ref_area", "country", "indicator", "indicator_name", "sex", "sex_label", "counterpart_area",
        "counterpart_name",
        "sector", "sector_label", "rank", "time_period", "obs_value", "unit_measure", "unit_label", "obs_status",
        "obs_status_label",
    ]

    public func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink {
        try TableSink(folder: folder, file: files, header: Self.header)
    }

    public func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8] {
        let labels = release.labels
        let label = { (dimension: String, code: String) in labels.label(dimension, code) ?? "" }
        var text: [UInt8] = []
        // An indicator's rows are consecutive (table order): its name is looked up once.
        var indicator = "", name = ""
        for (r, v) in zip(country.rows, country.values) {
            if r.indicator != indicator {
                (indicator, name) = (r.indicator, Catalogue.definition(of: r.indicator)?.name ?? "")
            }
            CSVText.append(
                [
                    r.refArea, country.name, r.indicator, name,
                    r.sex, label("sex", r.sex), r.counterpart, label("counterpart_area", r.counterpart),
                    r.sector, label("sector", r.sector), r.rank, String(r.year), v,
                    r.unit, label("unit_measure", r.unit), r.status.code, label("obs_status", r.status.code),
                ], to: &text)
        }
        return text
    }

    public func tableSchema(in release: ReleaseLayout) -> TableSchema? {
        let s = SharedFields.self, text = { (name: String, what: String) in TableSchema.Field(name, "string", what) }
        return TableSchema(
            fields: [
                s.refArea(), text("country", "the country's name"), s.indicator, text("indicator_name", "its name"),
                s.sex, text("sex_label", "the sex code's label"), s.counterpart,
                text("counterpart_name", "the partner's name"), s.sector, text("sector_label", "the section's name"),
                s.rank, s.year, .init("obs_value", "number", "the value (empty when missing: see obs_status)"),
                s.unit(units: s.units(release.labels)), text("unit_label", "the unit's name"),
                s.status(labels: release.labels), text("obs_status_label", "the flag's meaning"),
            ], primaryKey: LongTableFormat.keyColumns + ["time_period"])
    }
}
