import EMPCore
import EMPIndicators

/// The SDMX identity of a release: who maintains its structures (agency) and the ids and
/// version of its dataflow and data structure. The pipeline sets them (`sdmx:`); every key it
/// leaves out takes its default here, which is the one place the defaults are written.
public struct SDMXSettings: Sendable, Equatable {
    public var agency: String
    public var dataflow: String
    public var dsd: String
    public var version: String
    /// The version of the SDG data structure (`IAEG-SDGs:SDG(<version>)`) `sdg/data.csv` is
    /// written against; its dimensions and attributes are those of every 1.x version.
    public var sdgVersion: String

    /// Each key of `ReleaseLayout.settings` this struct reads, with its default.
    public static let defaults: [String: String] = [
        "sdmx.agency": "EMP", "sdmx.dataflow": "DF_MIGRATION", "sdmx.dsd": "DSD_MIGRATION", "sdmx.version": "1.0",
        "sdmx.sdg_version": "1.4",
    ]

    public init(_ settings: [String: String]) {
        func value(_ key: String) -> String { settings[key] ?? SDMXSettings.defaults[key]! }
        agency = value("sdmx.agency")
        dataflow = value("sdmx.dataflow")
        dsd = value("sdmx.dsd")
        version = value("sdmx.version")
        sdgVersion = value("sdmx.sdg_version")
    }

    /// `AGENCY:DF_ID(VERSION)`, the STRUCTURE_ID of each row.
    public var dataflowReference: String { "\(agency):\(dataflow)(\(version))" }
}

/// `sdmx/data.csv` (SDMX-CSV 2.0: every value of `indicators.csv`, one row each, against emp's
/// dataflow) and `sdmx/structure.xml` (SDMX-ML 2.1: the dataflow, its data structure, code
/// lists and concepts), which a client such as sdmx1, or .Stat Suite's transfer service,
/// loads first to read the data.
public struct SDMXFormat: OutputFormat {
    public init() {}
    public var name: String { "sdmx" }
    public var files: String { "sdmx/data.csv, sdmx/structure.xml" }
    public var summary: String {
        "every value as SDMX-CSV 2.0 with the SDMX-ML 2.1 structure (data structure, code lists, dataflow)"
    }
    public var settingDefaults: [String: String] { SDMXSettings.defaults.filter { $0.key != "sdmx.sdg_version" } }

    static let dataFile = "sdmx/data.csv"
    static let structureFile = "sdmx/structure.xml"

    /// The data structure's dimensions in key order, each with the table column it comes from.
    /// The rank of a top corridor is not a dimension: a partner has one rank a year, so the key
    /// is unique without it, and as an attribute it leaves each partner one series over the years.
    static let dimensions = ["REF_AREA", "INDICATOR", "SEX", "COUNTERPART_AREA", "SECTOR", "TIME_PERIOD"]
    static let attributes = ["OBS_STATUS", "CONF_STATUS", "UNIT_MEASURE", "UNIT_MULT", "RANK"]
    static let header = ["STRUCTURE", "STRUCTURE_ID", "ACTION"] + dimensions + ["OBS_VALUE"] + attributes

    public var tableFile: String { Self.dataFile }

    /// `sdmx/data.csv` for `datapackage.json`: the codes as the structure's lists have them.
    public func tableSchema(in release: ReleaseLayout) -> TableSchema? {
        let s = SharedFields.self
        func code(_ name: String, _ base: TableSchema.Field) -> TableSchema.Field {
            var f = base
            f.name = name
            return f
        }
        return TableSchema(
            fields: [
                .init(
                    "STRUCTURE", "string", "what STRUCTURE_ID names: a dataflow", values: ["dataflow"], required: true),
                .init(
                    "STRUCTURE_ID", "string", "the dataflow, AGENCY:ID(VERSION), described in sdmx/structure.xml",
                    values: [SDMXSettings(release.settings).dataflowReference], required: true),
                .init("ACTION", "string", "I: information (SDMX-CSV 2.0)", values: ["I"], required: true),
                code("REF_AREA", s.refArea()),
                .init(
                    "INDICATOR", "string", "indicator id (code list CL_INDICATOR)",
                    values: Catalogue.tableIDs.map(\.id), required: true),
                code("SEX", s.sex), code("COUNTERPART_AREA", s.counterpart), code("SECTOR", s.sector),
                code("TIME_PERIOD", s.year),
                .init("OBS_VALUE", "number", "the value (empty when missing: see OBS_STATUS)"),
                code("OBS_STATUS", s.status(labels: release.labels)), code("CONF_STATUS", s.confidentiality()),
                .init("UNIT_MEASURE", "string", "unit (code list CL_UNIT_MEASURE)", values: s.units(release.labels)),
                .init("UNIT_MULT", "integer", "unit multiplier: 0, values are in units", required: true),
                .init("RANK", "integer", "rank of a top-corridor partner (1 is the largest); empty otherwise"),
            ], primaryKey: Self.dimensions)
    }

    public func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink {
        SDMXSink(
            table: try TableSink(folder: folder, file: Self.dataFile, header: Self.header), folder: folder,
            release: release)
    }

    /// A missing value is an empty OBS_VALUE with its flag (O, or M for a zero denominator; Q
    /// withheld, CONF_STATUS saying why), as SDMX-CSV 2.0 writes it; every row of `indicators.csv` is a row here. Emp's values are in
    /// units of their unit of measure, so UNIT_MULT is 0 throughout.
    public func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8] {
        let lead = Array("dataflow,\(SDMXSettings(release.settings).dataflowReference),I,".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(country.rows.count * (lead.count + 80))
        for (r, v) in zip(country.rows, country.values) {
            text += lead
            // Codes, ids and numbers: nothing here needs quoting.
            for f in [
                r.refArea, r.indicator, r.sex, r.counterpart, r.sector, String(r.year), v, r.status.code, r.conf.code,
                r.unit,
            ] {
                text += f.utf8
                text.append(0x2C)
            }
            text += "0,".utf8
            if r.rank != "_Z" { text += r.rank.utf8 }
            text.append(0x0A)
        }
        return text
    }
}

/// The data table, then, once every country is in, the structure message beside it.
final class SDMXSink: FormatSink {
    let table: TableSink
    let folder: OutputFolder
    let release: ReleaseLayout

    init(table: TableSink, folder: OutputFolder, release: ReleaseLayout) {
        (self.table, self.folder, self.release) = (table, folder, release)
    }

    func add(country: String, bytes: [UInt8]) throws { try table.add(country: country, bytes: bytes) }

    func finish() throws {
        try table.finish()
        try folder.write(SDMXFormat.structureFile, SDMXStructure(release: release).message())
    }
}
