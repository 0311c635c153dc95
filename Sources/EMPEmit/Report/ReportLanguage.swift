import EMPCore
import EMPIndicators
import Foundation
import Yams

/// The words of the HTML report in one language, read from `Report/Languages/<code>.yml`
/// (issue 12): section titles and sentences (`text.*`), indicator names, formulas, units,
/// flags, domains and code labels, and how the language writes numbers. A third language is
/// a third file. A key the file lacks falls back to the English file, then to the shipped
/// code lists (country names), then to the code itself: a page is never left with a hole.
public struct ReportLanguage: Sendable {
    public let code: String
    /// Every value of the file by its dotted key path (`text.key_data`, `flags.B.label`).
    let entries: [String: String]
    let fallback: [String: String]
    public let decimalSeparator: String
    public let groupSeparator: String
    /// The `text:` section by key (what the templates read as `t.<key>`), English filling gaps.
    let texts: [String: String]

    /// The languages shipped, by code (the names of the files in `Report/Languages`).
    public static var available: [String] {
        let folder = Bundle.module.resourceURL!.appendingPathComponent("Languages")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The language of this code; nil when no file has it.
    public static func named(_ code: String) -> ReportLanguage? {
        guard let entries = load(code) else { return nil }
        return ReportLanguage(code: code, entries: entries, fallback: code == "en" ? [:] : load("en") ?? [:])
    }

    init(code: String, entries: [String: String], fallback: [String: String]) {
        (self.code, self.entries, self.fallback) = (code, entries, fallback)
        decimalSeparator = entries["number.decimal"] ?? "."
        groupSeparator = entries["number.group"] ?? ","
        var texts: [String: String] = [:]
        for (k, v) in fallback.merging(entries, uniquingKeysWith: { $1 }) where k.hasPrefix("text.") {
            texts[String(k.dropFirst(5))] = v
        }
        self.texts = texts
    }

    static func load(_ code: String) -> [String: String]? {
        guard code.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }),
            let url = Bundle.module.url(forResource: code, withExtension: "yml", subdirectory: "Languages"),
            let text = try? String(contentsOf: url, encoding: .utf8),
            let tree = try? Yams.load(yaml: text)
        else { return nil }
        var out: [String: String] = [:]
        flatten(tree, prefix: "", into: &out)
        return out
    }

    static func flatten(_ node: Any?, prefix: String, into out: inout [String: String]) {
        if let map = node as? [AnyHashable: Any] {
            for (k, v) in map { flatten(v, prefix: prefix.isEmpty ? "\(k)" : "\(prefix).\(k)", into: &out) }
        } else if let node {
            out[prefix] = "\(node)"
        }
    }

    /// The value at a key path, else nil.
    public func lookup(_ key: String) -> String? { entries[key] ?? fallback[key] }

    /// One of the report's own words (`text:`); the key itself when no file has it.
    public func text(_ key: String) -> String { lookup("text." + key) ?? key }

    /// The name of an indicator as the tables write its id.
    public func indicator(_ id: String) -> String {
        lookup("indicators." + id) ?? Catalogue.definition(of: id)?.name ?? id
    }

    /// The formula of a catalogue entry (by its id with placeholder, `share_female_<dir>`).
    public func formula(_ definition: IndicatorDefinition) -> String {
        lookup("formulas." + definition.id) ?? definition.formula
    }

    /// The standard an indicator follows, as the language names it (most are titles of
    /// documents and codes, kept as they are; `standards.<id>` translates the others).
    public func standard(_ definition: IndicatorDefinition) -> String {
        lookup("standards." + definition.id) ?? definition.standard
    }

    public func unit(_ code: String) -> String { lookup("units." + code) ?? Unit.labels[code] ?? code }
    /// The unit as a chart's axis writes it (`%`, `persons`).
    public func unitShort(_ code: String) -> String { lookup("units_short." + code) ?? unit(code) }

    public func flag(_ code: String) -> String { lookup("flags.\(code).label") ?? code }
    public func flagExplanation(_ code: String) -> String { lookup("flags.\(code).explanation") ?? "" }
    public func domain(_ domain: String) -> String { lookup("domains." + domain) ?? domain }
    public func change(_ kind: String) -> String { lookup("changes." + kind) ?? kind }

    /// The label of a code of a dimension (`sex`, `sector`, `counterpart_area`, `ref_area`):
    /// the language's, else the shipped list's (English), else the code.
    public func code(_ dimension: String, _ code: String, labels: CodeLabels) -> String {
        let dim = dimension == "ref_area" ? "counterpart_area" : dimension
        return entries["codes.\(dim).\(code)"] ?? labels.label(dimension, code) ?? fallback["codes.\(dim).\(code)"]
            ?? code
    }

    /// A number with `decimals` digits after the separator, grouped by thousands, as the
    /// language writes it (`12,345.6` / `12 345,6`); printed through `%.*f`, so the same
    /// value always gives the same text.
    public func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var digits = ValueFormat.fixed(abs(value), decimals: decimals)
        let negative = value < 0 && digits.contains { $0 != "0" && $0 != "." }
        var fraction = ""
        if let dot = digits.firstIndex(of: ".") {
            fraction = decimalSeparator + digits[digits.index(after: dot)...]
            digits = String(digits[..<dot])
        }
        var grouped = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped += groupSeparator }
            grouped.append(ch)
        }
        return (negative ? "-" : "") + grouped + fraction
    }
}
