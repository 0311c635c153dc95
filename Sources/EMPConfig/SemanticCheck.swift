import EMPCore
import Foundation
import Yams

/// Checks a decoded pipeline against what each domain needs.
struct SemanticCheck {
    let locator: NodeLocator

    init(root: Node) { locator = NodeLocator(root: root) }

    func check(_ config: PipelineConfig) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        if config.version != PipelineConfig.supportedVersion {
            issues.append(
                issue(
                    ["version"],
                    "version \(config.version) is not supported; this emp reads version "
                        + "\(PipelineConfig.supportedVersion)"
                ))
        }
        if !SemanticCheck.isName(config.name) {
            issues.append(issue(["name"], "must be lower-case letters, digits, - or _ (it names the output folder)"))
        }
        if let store = config.store, Self.urlHasPassword(store) {
            issues.append(
                issue(
                    ["store"],
                    "must not hold a password (a pipeline file is shared and kept in version control): give the "
                        + "URL without it and the password in PGPASSWORD or ~/.pgpass"))
        }
        if let t = config.tolerance_pct, !(t >= 0 && t <= 100) {
            issues.append(issue(["tolerance_pct"], "must be between 0 and 100"))
        }
        if let t = config.max_removed_pct, !(t >= 0 && t <= 100) {
            issues.append(
                issue(
                    ["max_removed_pct"],
                    "must be a percentage between 0 and 100 (5 = a run may withdraw up to 5% of the published values)"))
        }
        if let a = config.skills_age, a != "25+", a != "all" {
            issues.append(issue(["skills_age"], "must be \"25+\" (skill shares of people aged 25 and over) or \"all\""))
        }
        if let n = config.disclosure?.min_records, !(0...1000).contains(n) {
            issues.append(
                issue(
                    ["disclosure", "min_records"],
                    "must be a number of records from 0 (no disclosure control) to 1000 (the default is "
                        + "\(DisclosureRule.defaultMinRecords))"))
        }
        if let sdmx = config.sdmx { issues += check(sdmx) }
        issues += checkLimits(field: config.max_field_bytes, record: config.max_record_bytes, base: [])
        var seen: [String: Int] = [:]
        for (i, source) in config.sources.enumerated() {
            if let first = seen[source.name] {
                issues.append(
                    issue(["sources", i, "name"], "source name '\(source.name)' is already used by sources[\(first)]"))
            }
            seen[source.name] = seen[source.name] ?? i
            issues += check(source, at: i)
        }
        return issues
    }

    func check(_ s: SourceConfig, at i: Int) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        let base: [Any] = ["sources", i]
        if !SemanticCheck.isName(s.name) {
            issues.append(
                issue(base + ["name"], "must be lower-case letters, digits, - or _ (it names the quarantine file)"))
        }
        if s.path.isEmpty { issues.append(issue(base + ["path"], "must not be empty")) }
        let allowed = CanonicalField.allowed(for: s.domain)
        let allowedList = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        for (field, _) in s.columnMap.sorted(by: { $0.key < $1.key }) {
            guard let f = CanonicalField(rawValue: field) else {
                issues.append(
                    issue(
                        base + ["columns", field],
                        "'\(field)' is not a canonical field; the \(s.domain.rawValue) domain takes: \(allowedList)",
                        keyLine: true))
                continue
            }
            if !allowed.contains(f) {
                issues.append(
                    issue(
                        base + ["columns", field],
                        "the \(s.domain.rawValue) domain does not use \(field); it takes: \(allowedList)", keyLine: true
                    ))
            }
            if s.constantMap[field] != nil {
                issues.append(
                    issue(
                        base + ["constants", field], "\(field) is given both as a column and as a constant; keep one",
                        keyLine: true))
            }
        }
        for (field, _) in s.constantMap.sorted(by: { $0.key < $1.key }) {
            if CanonicalField(rawValue: field).map({ allowed.contains($0) }) != true {
                issues.append(
                    issue(
                        base + ["constants", field],
                        "the \(s.domain.rawValue) domain does not use \(field); it takes: \(allowedList)", keyLine: true
                    ))
            }
        }
        for (field, _) in (s.values ?? [:]).sorted(by: { $0.key < $1.key }) where CanonicalField(rawValue: field) == nil
        {
            issues.append(issue(base + ["values", field], "'\(field)' is not a canonical field", keyLine: true))
        }
        let given = Set(s.columnMap.keys).union(s.constantMap.keys)
        for f in CanonicalField.required(for: s.domain) where !given.contains(f.rawValue) {
            issues.append(
                issue(
                    base + ["domain"],
                    "the \(s.domain.rawValue) domain needs \(f.rawValue): add it under columns (the column that holds "
                        + "it) or constants"
                ))
        }
        let oneOf = CanonicalField.oneOf(for: s.domain)
        if !oneOf.isEmpty && !oneOf.contains(where: { given.contains($0.rawValue) }) {
            issues.append(
                issue(
                    base + ["domain"],
                    "the \(s.domain.rawValue) domain needs one of: " + oneOf.map(\.rawValue).joined(separator: ", ")))
        }
        issues += checkDialect(s, base: base)
        issues += checkLayout(s, base: base)
        issues += checkFilters(s, base: base)
        issues += checkEmpty(s, base: base)
        if let rate = s.max_error_rate, !(rate >= 0 && rate <= 1) {
            issues.append(issue(base + ["max_error_rate"], "must be a fraction between 0 and 1 (0.05 = 5% of rows)"))
        }
        issues += checkLimits(field: s.max_field_bytes, record: s.max_record_bytes, base: base)
        if let dir = s.constantMap["direction"], Direction(rawValue: dir) == nil {
            issues.append(issue(base + ["constants", "direction"], "expected IN or OUT"))
        }
        return issues
    }

    /// `max_field_bytes` and `max_record_bytes`: a number of bytes, at least 1.
    func checkLimits(field: Int?, record: Int?, base: [Any]) -> [ConfigIssue] {
        [("max_field_bytes", field, "65536"), ("max_record_bytes", record, "1048576")].compactMap {
            key, value, example in
            guard let value, value < 1 else { return nil }
            return issue(base + [key], "must be a number of bytes, at least 1 (e.g. \(example))")
        }
    }

    /// The patterns of SDMX 2.1's schema: an agency is an NCName (sub-agencies after dots),
    /// an artefact id an IDType, a version numbers joined by dots.
    func check(_ sdmx: SDMXConfig) -> [ConfigIssue] {
        let agency = "[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*", id = "[A-Za-z0-9_@$-]+"
        let version = "[0-9]+(\\.[0-9]+)*"
        let rules: [(String, String?, String, String)] = [
            ("agency", sdmx.agency, agency, "an SDMX agency id: a letter, then letters, digits, _ or - (EMP, ESTAT)"),
            ("dataflow", sdmx.dataflow, id, "an SDMX id: letters, digits, _, @, $ or - (DF_MIGRATION)"),
            ("dsd", sdmx.dsd, id, "an SDMX id: letters, digits, _, @, $ or - (DSD_MIGRATION)"),
            ("version", sdmx.version, version, "a version such as \"1.0\" (numbers joined by dots; quote it)"),
            ("sdg_version", sdmx.sdg_version, version, "a version of the SDG data structure such as \"1.4\""),
        ]
        return rules.compactMap { key, value, pattern, expected in
            guard let value, value.range(of: "^\(pattern)$", options: .regularExpression) == nil else { return nil }
            return issue(["sdmx", key], "'\(value)' is not \(expected)")
        }
    }

    func checkDialect(_ s: SourceConfig, base: [Any]) -> [ConfigIssue] {
        guard let d = s.dialect else { return [] }
        var issues: [ConfigIssue] = []
        if let delim = d.delimiter, DialectConfig.byte(delim) == nil {
            issues.append(
                issue(base + ["dialect", "delimiter"], "expected one character such as \",\", \";\", \"|\" or \"tab\""))
        }
        if let q = d.quote, DialectConfig.byte(q) == nil {
            issues.append(issue(base + ["dialect", "quote"], "expected one character"))
        }
        if let dec = d.decimal, dec != "." && dec != "," {
            issues.append(issue(base + ["dialect", "decimal"], "expected \".\" or \",\""))
        }
        if let g = d.grouping, ![".", ",", " ", "'"].contains(g) {
            issues.append(issue(base + ["dialect", "grouping"], "expected \".\", \",\", \" \" or \"'\""))
        }
        if let g = d.grouping, g == (d.decimal ?? ".") {
            issues.append(issue(base + ["dialect", "grouping"], "the grouping character cannot be the decimal mark"))
        }
        if let delim = d.delimiter, let dec = d.decimal, delim == dec {
            issues.append(issue(base + ["dialect", "decimal"], "the decimal mark cannot be the delimiter"))
        }
        return issues
    }

    func checkLayout(_ s: SourceConfig, base: [Any]) -> [ConfigIssue] {
        guard let l = s.layout else { return [] }
        var issues: [ConfigIssue] = []
        let at = base + ["layout"]
        if s.domain == .microdata && l.kind != .long {
            issues.append(issue(at + ["kind"], "microdata is one record per row: use kind: long"))
        }
        if let h = l.header_row, h < 1 { issues.append(issue(at + ["header_row"], "must be a line number, 1 or more")) }
        if let f = l.skip_footer, f < 0 { issues.append(issue(at + ["skip_footer"], "must be 0 or more")) }
        if let p = l.period_columns {
            if (try? NSRegularExpression(pattern: p)) == nil {
                issues.append(issue(at + ["period_columns"], "not a valid regular expression"))
            } else if l.kind != .wide {
                issues.append(issue(at + ["period_columns"], "only a wide layout has period columns"))
            }
        }
        if let span = l.period_span, !(1...10).contains(span) {
            issues.append(issue(at + ["period_span"], "expected a number of years between 1 and 10"))
        }
        if l.value_flags != nil && l.kind != .wide {
            issues.append(issue(at + ["value_flags"], "only for kind: wide (eurostat-tsv always splits flags)"))
        }
        let matrixKeys: [(String, Bool)] = [
            ("row_labels", l.row_labels != nil), ("columns_name", l.columns_name != nil), ("totals", l.totals != nil),
            ("both_sides", l.both_sides != nil),
        ]
        for (key, given) in matrixKeys where given && l.kind != .matrix {
            issues.append(issue(at + [key], "only a matrix layout takes \(key)"))
        }
        if l.bothSides { issues += checkBothSides(s, l, at: at + ["both_sides"]) }
        return issues
    }

    /// `both_sides: true` swaps ref_area and partner and turns the direction round: the two
    /// must be the matrix's two sides, and the domain must have a direction to turn.
    func checkBothSides(_ s: SourceConfig, _ l: LayoutConfig, at: [Any]) -> [ConfigIssue] {
        let domain = s.domain.rawValue
        if s.domain == .measures {
            return [
                issue(
                    at,
                    "both_sides mirrors counts; measures are one country's rates and shares, never mirrored: "
                        + "read the matrix one side at a time")
            ]
        }
        guard CanonicalField.allowed(for: s.domain).contains(.direction) else {
            return [
                issue(
                    at,
                    "both_sides gives each cell a mirrored record in the other direction, and the \(domain) domain "
                        + "has no direction: use it with stocks, remittances, gender, skills, duration or sectors")
            ]
        }
        let sides = [s.columnMap["ref_area"], s.columnMap["partner"]]
        guard let rows = l.row_labels, Set(sides.compactMap { $0 }) == [rows, l.matrixColumnsName] else {
            return [
                issue(
                    at,
                    "both_sides swaps ref_area and partner: map one to the row labels (give row_labels) and the "
                        + "other to columns_name (\(l.matrixColumnsName)) under columns")
            ]
        }
        return []
    }

    /// `empty: zero` where no zero can be right, or against `missing` saying the opposite.
    func checkEmpty(_ s: SourceConfig, base: [Any]) -> [ConfigIssue] {
        guard s.empty == .zero else { return [] }
        if s.domain == .microdata || s.domain == .fx {
            let what = s.domain == .microdata ? "a record's weight" : "an exchange rate"
            return [issue(base + ["empty"], "\(what) is never 0: leave empty out (an empty cell is missing)")]
        }
        if s.missing?.contains("") == true {
            return [
                issue(
                    base + ["empty"],
                    "empty: zero reads an empty cell as 0, but missing lists \"\" (an empty cell is missing): keep one")
            ]
        }
        return []
    }

    func checkFilters(_ s: SourceConfig, base: [Any]) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for (key, map) in [("filter", s.filter), ("exclude", s.exclude)] {
            for (column, values) in (map ?? [:]).sorted(by: { $0.key < $1.key }) where values.values.isEmpty {
                issues.append(issue(base + [key, column], "give at least one value", keyLine: true))
            }
            if let map, map.isEmpty { issues.append(issue(base + [key], "give column: value pairs")) }
        }
        return issues
    }

    func issue(_ path: [Any], _ message: String, keyLine: Bool = false) -> ConfigIssue {
        let keys: [CodingKey] = path.map { ($0 as? Int).map { PathKey($0) } ?? PathKey("\($0)") }
        let line = keyLine ? locator.keyLine(keys) : locator.line(keys)
        return ConfigIssue(key: PipelineLoader.keyPath(keys), line: line, message: message)
    }

    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}

extension DialectConfig {
    /// `tab`, `\t` or a single ASCII character.
    public static func byte(_ s: String) -> UInt8? {
        if s == "tab" || s == "\\t" || s == "\t" { return 9 }
        guard s.utf8.count == 1, let b = s.utf8.first, b < 0x80, b != 0x0A, b != 0x0D else { return nil }
        return b
    }

    public var delimiterByte: UInt8 { delimiter.flatMap(DialectConfig.byte) ?? UInt8(ascii: ",") }
    public var quoteByte: UInt8 { quote.flatMap(DialectConfig.byte) ?? UInt8(ascii: "\"") }
    public var decimalMark: Character { decimal == "," ? "," : "." }
    public var groupingMark: Character? { grouping?.first }
}

extension SemanticCheck {
    /// `postgresql://user:secret@host/db`: a password between the user and the `@`.
    static func urlHasPassword(_ location: String) -> Bool {
        guard let scheme = location.range(of: "://") else { return false }
        let rest = location[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }
}
