import EMPCore
import EMPIndicators

/// `indicators_wide.csv`: one line per series with the country's and the indicator's names and
/// the unit's label beside the codes (what a planner opens in a spreadsheet), years as columns
/// (a value and its flag per year).
public struct WideTableFormat: OutputFormat {
    public init() {}
    public var name: String { "indicators_wide" }
    public var files: String { "indicators_wide.csv" }
    public var summary: String { "one line per country and indicator key, the years as columns" }

    public func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink {
        var header = [
            "ref_area", "country", "indicator", "indicator_name", "sex", "counterpart_area", "sector", "rank",
        ]
        header += ["unit_measure", "unit_label"]
        for y in release.years { header += [String(y), "\(y)_status"] }
        return try TableSink(folder: folder, file: files, header: header)
    }

    public func tableSchema(in release: ReleaseLayout) -> TableSchema? {
        let s = SharedFields.self
        var fields: [TableSchema.Field] = [
            s.refArea(), .init("country", "string", "the country's name (iso-codes)"), s.indicator,
            .init("indicator_name", "string", "the indicator's name"), s.sex, s.counterpart, s.sector, s.rank,
            s.unit(units: s.units(release.labels)), .init("unit_label", "string", "the unit's name"),
        ]
        for y in release.years {
            fields.append(.init(String(y), "number", "the value in \(y) (empty: no value, see its flag)"))
            fields.append(s.status("\(y)_status", labels: release.labels, required: false))
        }
        return TableSchema(
            fields: fields, primaryKey: ["ref_area", "indicator", "sex", "counterpart_area", "sector", "rank"])
    }

    /// A key's rows are consecutive (table order), so each line is made in one pass.
    public func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8] {
        let rows = country.rows, values = country.values, years = release.years
        var text: [UInt8] = []
        var i = 0
        while i < rows.count {
            let r = rows[i]
            var j = i
            var cells = [String](repeating: "", count: years.count * 2)
            while j < rows.count, IndicatorValue.sameSeries(rows[j], r) {
                if let k = years.firstIndex(of: rows[j].year), cells[2 * k + 1].isEmpty {
                    cells[2 * k] = values[j]
                    cells[2 * k + 1] = rows[j].status.code
                }
                j += 1
            }
            let name = Catalogue.definition(of: r.indicator)?.name ?? r.indicator
            let unit = release.labels.label("unit_measure", r.unit) ?? r.unit
            CSVText.append(
                [r.refArea, country.name, r.indicator, name, r.sex, r.counterpart, r.sector, r.rank, r.unit, unit]
                    + cells,
                to: &text)
            i = j
        }
        return text
    }
}
