import EMPCore
import EMPIndicators

/// `sdg/data.csv`: the SDG series emp computes, as SDMX-CSV 2.0 against the SDG global data
/// structure (`IAEG-SDGs:SDG`), which offices use to report to the UN global SDG database.
/// Only values with a number are written: a national report sends what it has.
public struct SDGFormat: OutputFormat {
    public init() {}
    public var name: String { "sdg" }
    public var files: String { "sdg/data.csv" }
    public var summary: String { "the SDG indicators emp computes, as SDMX-CSV 2.0 against the SDG data structure" }
    public var settingDefaults: [String: String] { SDMXSettings.defaults.filter { $0.key == "sdmx.sdg_version" } }

    /// An SDG series emp computes: the emp indicator it is, its series code in the SDG code
    /// list (CL_SERIES) and its unit in the SDG unit list (CL_UNIT_MEASURE, which is not emp's).
    /// A new series is one more entry.
    struct Series {
        var indicator: String
        var series: String
        var unit: String
        /// The SDG indicator, for the reader of this file.
        var goal: String
    }

    static let series: [Series] = [
        Series(indicator: "remit_in_pct_gdp", series: "BX_TRF_PWKR", unit: "PT", goal: "17.3.2"),
        Series(indicator: "sdg_10_7_4", series: "SM_POP_REFG_OR", unit: "PER_100000_POP", goal: "10.7.4"),
    ]
    static let byIndicator = Dictionary(uniqueKeysWithValues: series.map { ($0.indicator, $0) })

    /// The dimensions of the SDG data structure in its order; every one but SERIES, REF_AREA,
    /// SEX and TIME_PERIOD is `_T` (no breakdown) for the series emp computes.
    static let dimensions = [
        "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION", "INCOME_WEALTH_QUANTILE",
        "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN", "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY",
        "PRODUCT", "TIME_PERIOD",
    ]
    static let header =
        ["STRUCTURE", "STRUCTURE_ID", "ACTION"] + dimensions + ["OBS_VALUE", "OBS_STATUS", "UNIT_MULT", "UNIT_MEASURE"]
    /// AGE to PRODUCT: the dimensions between SEX and TIME_PERIOD, none broken down.
    static let noBreakdown = String(repeating: "_T,", count: dimensions.count - 6)

    /// Kosovo has no ISO 3166-1 numeric code; the SDG area list (CL_AREA) codes it 412.
    static let m49Extra = ["XKX": "412"]

    /// `sdg/data.csv` for `datapackage.json`: the codes of the SDG lists emp writes.
    public func tableSchema(in release: ReleaseLayout) -> TableSchema? {
        let version = SDMXSettings(release.settings).sdgVersion
        var fields: [TableSchema.Field] = [
            .init("STRUCTURE", "string", "what STRUCTURE_ID names", values: ["datastructure"], required: true),
            .init(
                "STRUCTURE_ID", "string", "the SDG global data structure", values: ["IAEG-SDGs:SDG(\(version))"],
                required: true),
            .init("ACTION", "string", "I: information (SDMX-CSV 2.0)", values: ["I"], required: true),
            .init("FREQ", "string", "A: annual", values: ["A"], required: true),
            .init("REPORTING_TYPE", "string", "N: national reporting", values: ["N"], required: true),
            .init(
                "SERIES", "string", "SDG series (CL_SERIES)", values: Self.series.map(\.series).sorted(),
                required: true),
            .init(
                "REF_AREA", "string", "UN M49 code as the SDG area list writes it", pattern: "^[1-9][0-9]{0,2}$",
                required: true),
            .init("SEX", "string", "SDG CL_SEX", values: ["F", "M", "_T", "_U"], required: true),
        ]
        for d in Self.dimensions[5..<15] {
            fields.append(.init(d, "string", "no breakdown", values: ["_T"], required: true))
        }
        fields += [
            .init("TIME_PERIOD", "integer", "the year", required: true),
            .init("OBS_VALUE", "number", "the value", required: true),
            SharedFields.status("OBS_STATUS", labels: release.labels),
            .init("UNIT_MULT", "integer", "unit multiplier: 0, values are in units", required: true),
            .init(
                "UNIT_MEASURE", "string", "SDG CL_UNIT_MEASURE", values: Array(Set(Self.series.map(\.unit))).sorted(),
                required: true),
        ]
        return TableSchema(fields: fields, primaryKey: Self.dimensions)
    }

    public func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink {
        try TableSink(folder: folder, file: files, header: Self.header)
    }

    /// The SDG area code of a country: its UN M49 code as the SDG area list writes it, without
    /// leading zeros (`50` for Bangladesh, `498` for Moldova); nil when it has none.
    static func area(_ country: String, in release: ReleaseLayout) -> String? {
        guard let numeric = release.labels.codes["ref_area_m49"]?[country] ?? m49Extra[country],
            let n = Int(numeric)
        else { return nil }
        return String(n)
    }

    /// FREQ A (emp's years), REPORTING_TYPE N: an office reports its own country's figures.
    public func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8] {
        guard let area = Self.area(country.country, in: release) else { return [] }
        let lead = "datastructure,IAEG-SDGs:SDG(\(SDMXSettings(release.settings).sdgVersion)),I,A,N,"
        var text: [UInt8] = []
        for (r, v) in zip(country.rows, country.values) {
            // A series of the SDG structure has no partner, sector or rank: only the national totals.
            guard let s = Self.byIndicator[r.indicator], r.value != nil, r.counterpart == "_T", r.sector == "_Z",
                r.rank == "_Z"
            else { continue }
            text +=
                "\(lead)\(s.series),\(area),\(r.sex),\(Self.noBreakdown)\(r.year),\(v),\(r.status.code),0,\(s.unit)\n"
                .utf8
        }
        return text
    }
}
