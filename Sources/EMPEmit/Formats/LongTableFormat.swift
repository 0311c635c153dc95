import EMPCore

/// `indicators.csv`: one row per value, SDMX-style columns.
public struct LongTableFormat: OutputFormat {
    public init() {}
    public var name: String { "indicators" }
    public var files: String { "indicators.csv" }
    public var summary: String { "every indicator value, one row per country, key and year" }

    /// The key columns of `indicators.csv` and `indicators_wide.csv`.
    static let keyColumns = ["ref_area", "indicator", "sex", "counterpart_area", "sector", "rank"]

    public func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink {
        try TableSink(
            folder: folder, file: files,
            header: Self.keyColumns + ["time_period", "obs_value", "unit_measure", "obs_status", "conf_status"])
    }

    public func tableSchema(in release: ReleaseLayout) -> TableSchema? {
        let s = SharedFields.self
        return TableSchema(
            fields: [
                s.refArea(), s.indicator, s.sex, s.counterpart, s.sector, s.rank, s.year,
                .init("obs_value", "number", "the value (empty when missing: see obs_status)"),
                s.unit(units: s.units(release.labels)), s.status(labels: release.labels), s.confidentiality(),
            ], primaryKey: Self.keyColumns + ["time_period"])
    }

    public func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(country.rows.count * 64)
        for (r, v) in zip(country.rows, country.values) {
            // Codes, ids and numbers: nothing here needs quoting, so the fields go in as they are.
            for f in [r.refArea, r.indicator, r.sex, r.counterpart, r.sector, r.rank] {
                text += f.utf8
                text.append(0x2C)
            }
            text += String(r.year).utf8
            text.append(0x2C)
            text += v.utf8
            text.append(0x2C)
            text += r.unit.utf8
            text.append(0x2C)
            text += r.status.code.utf8
            text.append(0x2C)
            text += r.conf.code.utf8
            text.append(0x0A)
        }
        return text
    }
}
