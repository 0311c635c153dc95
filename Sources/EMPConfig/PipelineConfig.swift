import EMPCore

/// A pipeline file (`pipelines/*.yml`), version 1. See docs/PIPELINE.md for the format.
public struct PipelineConfig: Codable, Sendable {
    public var version: Int
    public var name: String
    public var output: String?
    /// Where the release's history is kept when `--store` is not given: a SQLite file (relative
    /// to the pipeline file) or a `postgresql://user@host:port/db` URL, never with a password
    /// (default: `<output>.emp.sqlite` beside the release).
    public var store: String?
    public var tolerance_pct: Double?
    /// Ages the skill shares cover: "25+" (default, the Docquier-Marfouk / WDI convention,
    /// where the source gives ages) or "all".
    public var skills_age: String?
    /// Country names as files write them → ISO 3166-1 code, for every source (ref_area, partner).
    public var country_names: [String: String]?
    public var sources: [SourceConfig]
    /// Release guard: a run that would withdraw more than this share (in %) of the published
    /// values that have a number stops unless removals are allowed (default 5).
    public var max_removed_pct: Double?
    /// Publish removals beyond the guards without `--allow-removals` (default false).
    public var allow_removals: Bool?
    /// The output formats of a release, by name (default: every format; see docs/PIPELINE.md).
    public var outputs: [String]?
    /// The SDMX identity of the release's SDMX and SDG files (see `SDMXConfig`).
    public var sdmx: SDMXConfig?
    /// The HTML report's settings (see `ReportConfig`).
    public var report: ReportConfig?
    /// The largest field and record (in bytes) a source's file may hold, for every source
    /// (a source's own keys win); a larger one is quarantined (default 65536 and 1048576).
    public var max_field_bytes: Int?
    public var max_record_bytes: Int?
    /// The folders sources may be read from, their symbolic links followed (relative to the
    /// pipeline file); default: the pipeline's folder and those its sources' paths name.
    /// The folders of `--source` files are always allowed.
    public var allowed_roots: [String]?
    /// Disclosure control of values built from microdata (see `DisclosureConfig`); default on,
    /// `DisclosureRule.defaultMinRecords` records.
    public var disclosure: DisclosureConfig?

    public static let supportedVersion = 1
    public static let defaultMaxRemovedPct = 5.0
    public var maxRemovedPct: Double { max_removed_pct ?? PipelineConfig.defaultMaxRemovedPct }
    public static let defaultTolerancePct = 0.5
    public var tolerancePct: Double { tolerance_pct ?? PipelineConfig.defaultTolerancePct }
    public var skillsAllAges: Bool { skills_age == "all" }
    public var disclosureRule: DisclosureRule {
        guard let d = disclosure else { return DisclosureRule(minRecords: DisclosureRule.defaultMinRecords) }
        return DisclosureRule(minRecords: d.off ? 0 : d.min_records ?? DisclosureRule.defaultMinRecords)
    }
}

/// `disclosure:` — `{ min_records: N }` (withhold a value built from fewer than N microdata
/// records; 0 turns it off), `off` (or false), or `on` (or true: the default threshold).
public struct DisclosureConfig: Codable, Sendable {
    public var min_records: Int?
    public var off = false

    public static let keys: Set<String> = ["min_records"]
    /// The scalars `disclosure:` takes instead of a mapping.
    public static let words: Set<String> = ["off", "on", "false", "true"]

    enum CodingKeys: String, CodingKey { case min_records }

    public init(min_records: Int? = nil, off: Bool = false) { (self.min_records, self.off) = (min_records, off) }

    public init(from decoder: Decoder) throws {
        // YAML reads a bare off/on as a boolean: either spelling is accepted.
        if let single = try? decoder.singleValueContainer() {
            if let on = try? single.decode(Bool.self) {
                off = !on
                return
            }
            if let word = try? single.decode(String.self) {
                guard word == "off" || word == "on" else {
                    throw DecodingError.dataCorruptedError(
                        in: single, debugDescription: "expected off, on or { min_records: 5 }")
                }
                off = word == "off"
                return
            }
        }
        let keyed = try decoder.container(keyedBy: CodingKeys.self)
        min_records = try keyed.decodeIfPresent(Int.self, forKey: .min_records)
    }

    public func encode(to encoder: Encoder) throws {
        if off {
            var single = encoder.singleValueContainer()
            try single.encode("off")
        } else {
            var keyed = encoder.container(keyedBy: CodingKeys.self)
            try keyed.encodeIfPresent(min_records, forKey: .min_records)
        }
    }
}

/// `sdmx:` — who maintains the release's SDMX structures and the ids they go by. A key left
/// out takes its default (agency EMP, dataflow DF_MIGRATION, dsd DSD_MIGRATION, version 1.0,
/// sdg_version 1.4; the output formats hold them, see `SDMXSettings` in EMPEmit).
public struct SDMXConfig: Codable, Sendable {
    public var agency: String?
    public var dataflow: String?
    public var dsd: String?
    public var version: String?
    /// The version of the SDG data structure `sdg/data.csv` is written against.
    public var sdg_version: String?

    public static let keys: Set<String> = ["agency", "dataflow", "dsd", "version", "sdg_version"]

    /// The given keys as the output formats read them (`sdmx.agency`…).
    public var settings: [String: String] {
        let given = [
            ("agency", agency), ("dataflow", dataflow), ("dsd", dsd), ("version", version),
            ("sdg_version", sdg_version),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { k, v in v.map { ("sdmx." + k, $0) } })
    }
}

/// `report:` — the HTML report's language (`en`, the default, or `fr`: a file of
/// `Report/Languages` in EMPEmit, which the run checks the name against).
public struct ReportConfig: Codable, Sendable {
    public var language: String?

    public static let keys: Set<String> = ["language"]

    /// The given keys as the output formats read them (`report.language`).
    public var settings: [String: String] { language.map { ["report.language": $0] } ?? [:] }
}

public struct SourceConfig: Codable, Sendable {
    public var name: String
    public var domain: Domain
    public var path: String
    public var dialect: DialectConfig?
    public var encoding: SourceEncoding?
    public var layout: LayoutConfig?
    public var columns: [String: String]?
    public var values: [String: [String: String]]?
    public var constants: [String: String]?
    public var missing: [String]?
    public var on_error: ErrorPolicy?
    public var max_error_rate: Double?
    /// Keep only records whose (logical) column holds one of the values.
    public var filter: [String: FilterValues]?
    /// Drop records whose (logical) column holds one of the values.
    public var exclude: [String: FilterValues]?
    /// What a run does when this source fails beyond its policy: `fail` (default: publish
    /// nothing) or `keep_previous` (publish with the source's last good batch, marked stale).
    public var on_failure: FailurePolicy?
    /// The largest field and record (in bytes) this source's file may hold (see `PipelineConfig`).
    public var max_field_bytes: Int?
    public var max_record_bytes: Int?
    /// What an empty value cell means: `zero` (none) or `missing` (no figure); see `emptyCells`.
    public var empty: EmptyCells?

    public var policy: ErrorPolicy { on_error ?? .quarantine }
    public var maxErrorRate: Double { max_error_rate ?? 1.0 }
    /// Texts read as a missing value: `missing` (default `""`), with `""` added by
    /// `empty: missing` and taken out when empty cells are zero. A layout that splits flags
    /// from values (Eurostat's `: c`) writes a missing value as `:`, always.
    public var missingMarkers: Set<String> {
        var markers = Set(missing ?? [""])
        if empty == .missing { markers.insert("") }
        if emptyCells == .zero { markers.remove("") }
        if splitsFlags { markers.insert(":") }
        return markers
    }

    /// Cells hold a value and flag letters: eurostat-tsv, and wide with `value_flags`.
    public var splitsFlags: Bool { layoutKind == .eurostatTSV || (layoutKind == .wide && layout?.value_flags == true) }

    /// What an empty value cell means: `empty:` when given. Else, in a matrix, none (`zero`):
    /// every pair of its two dimensions has a cell and the pairs without migrants are left
    /// blank (unless `missing` lists `""`: the source said so). Else nil: `missing` decides,
    /// and its default `[""]` makes an empty cell missing, since in a long, wide, Eurostat or
    /// SDMX file a line or a period cell that is there but empty is a figure not available (a
    /// year without data in a World Bank file is not a year of zero).
    public var emptyCells: EmptyCells? {
        if let empty { return empty }
        return layoutKind == .matrix && missing?.contains("") != true ? .zero : nil
    }

    /// The mapped columns, with the logical columns a layout provides (TIME_PERIOD, OBS_VALUE,
    /// OBS_STATUS) filled in for fields the source neither maps nor sets as a constant.
    public var columnMap: [String: String] {
        var map = columns ?? [:]
        for (field, column) in layoutColumns where map[field] == nil && constants?[field] == nil { map[field] = column }
        return map
    }

    public var layoutKind: LayoutKind { layout?.kind ?? .long }

    /// Layout columns filled in by default that a file may lack (SDMX's OBS_STATUS is optional).
    public var optionalLayoutColumns: Set<String> {
        guard let status = layoutColumns["obs_status"], columns?["obs_status"] == nil else { return [] }
        return [status]
    }

    var layoutColumns: [String: String] {
        if domain == .microdata { return [:] }  // always long: checked by SemanticCheck
        switch layoutKind {
        case .long: return [:]
        case .matrix: return ["value": LayoutColumn.value]
        case .wide, .eurostatTSV, .sdmxCSV:
            var map = ["time_period": LayoutColumn.period, "value": LayoutColumn.value]
            if layoutKind != .wide || layout?.value_flags == true { map["obs_status"] = LayoutColumn.status }
            return map
        }
    }
    public var constantMap: [String: String] { constants ?? [:] }
}

public struct DialectConfig: Codable, Sendable {
    public var delimiter: String?
    public var quote: String?
    public var decimal: String?
    /// Thousands separator removed from numbers: ".", ",", " ", "'" (a space also matches
    /// no-break and narrow no-break spaces).
    public var grouping: String?
    public var trim: Bool?
}

/// What an empty value cell means (`SourceConfig.empty`).
public enum EmptyCells: String, Codable, Sendable, CaseIterable {
    /// None: the value is 0 (unless the cell's flag says it is missing).
    case zero
    /// No figure: the value is missing (flag O), and so is any total summed from it.
    case missing
}

public enum ErrorPolicy: String, Codable, Sendable {
    case fail, quarantine
}

/// What a failed source does to the release (see `SourceConfig.on_failure`).
public enum FailurePolicy: String, Codable, Sendable {
    case fail
    case keepPrevious = "keep_previous"
}

/// The canonical fields a source can fill, and which ones each domain needs.
public enum CanonicalField: String, CaseIterable, Sendable {
    case ref_area, time_period, direction, value, obs_status
    case sex, age, age_years, partner, duration, duration_months, reason, education, sector, occupation
    case currency, unit_mult, weight
    case measure, unit

    /// The field's position in `allCases`, for tables indexed by field. A switch, not a
    /// lookup: a raw-value enum hashes and compares through its `String`, and the mapper asks
    /// for ~10 fields per cell.
    public var slot: Int {
        switch self {
        case .ref_area: 0
        case .time_period: 1
        case .direction: 2
        case .value: 3
        case .obs_status: 4
        case .sex: 5
        case .age: 6
        case .age_years: 7
        case .partner: 8
        case .duration: 9
        case .duration_months: 10
        case .reason: 11
        case .education: 12
        case .sector: 13
        case .occupation: 14
        case .currency: 15
        case .unit_mult: 16
        case .weight: 17
        case .measure: 18
        case .unit: 19
        }
    }

    public static func required(for domain: Domain) -> [CanonicalField] {
        switch domain {
        case .inflows, .outflows, .population, .gdp: return [.ref_area, .time_period, .value]
        case .gender: return [.ref_area, .time_period, .direction, .sex, .value]
        case .skills: return [.ref_area, .time_period, .direction, .education, .value]
        case .duration, .sectors, .stocks: return [.ref_area, .time_period, .direction, .value]
        // A protection row without its status would be summed with the other statuses.
        case .protection: return [.ref_area, .time_period, .direction, .reason, .value]
        case .returns: return [.ref_area, .time_period, .value]
        case .remittances: return [.ref_area, .time_period, .direction, .value, .currency]
        case .microdata: return [.ref_area, .time_period, .direction]
        case .fx: return [.currency, .time_period, .value]
        case .measures: return [.ref_area, .time_period, .measure, .unit, .value]
        case .populationByEducation: return [.ref_area, .time_period, .education, .value]
        }
    }

    /// Fields of which at least one must be given.
    public static func oneOf(for domain: Domain) -> [CanonicalField] {
        switch domain {
        case .duration: return [.duration, .reason]
        case .sectors: return [.sector, .occupation]
        default: return []
        }
    }

    public static func allowed(for domain: Domain) -> Set<CanonicalField> {
        var set = Set(required(for: domain) + oneOf(for: domain))
        set.insert(.obs_status)
        switch domain {
        case .inflows, .outflows: set.formUnion([.partner, .sex, .age, .reason, .duration])
        case .gender: set.formUnion([.age, .partner])
        case .skills: set.formUnion([.sex, .age, .partner])
        case .duration, .sectors: set.formUnion([.sex, .partner])
        // Emigrants abroad by education (a destination census, OECD DIOC): the brain drain.
        case .stocks: set.formUnion([.sex, .age, .partner, .education])
        case .populationByEducation: set.formUnion([.sex, .age])
        case .protection: set.formUnion([.sex, .age, .partner])
        // Returns are arrivals of nationals: always IN, partner = the country they come back from.
        case .returns: set.formUnion([.sex, .age, .partner, .reason])
        case .remittances: set.formUnion([.partner, .unit_mult])
        case .gdp: set.insert(.unit_mult)
        case .microdata:
            set.formUnion([
                .partner, .sex, .age, .age_years, .education, .duration, .duration_months,
                .reason, .sector, .occupation, .weight,
            ])
            set.remove(.obs_status)
            set.insert(.obs_status)
        case .population, .fx: break
        case .measures: set.formUnion([.direction, .sex, .age, .partner, .education])
        }
        // Files in thousands or millions: any aggregate count may carry a multiplier.
        if domain != .microdata && domain != .fx { set.insert(.unit_mult) }
        return set
    }
}
