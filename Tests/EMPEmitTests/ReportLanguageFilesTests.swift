import EMPCore
import EMPIndicators
import Foundation
import Testing

/// The report's language files (Sources/EMPEmit/Report/Languages): every language has the keys
/// of en.yml, and the labels cover every indicator the tables can hold. Read with a small
/// indentation-based reader (no loader exists yet, and Yams is not a dependency of this target).
@Suite struct ReportLanguageFilesTests {
    static let languages = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/EMPEmit/Report/Languages")

    /// Countries are listed only where a language needs them (not in en.yml: iso-codes names them).
    static let countryPrefix = "codes.counterpart_area."
    /// Standards are named in words only where a language translates them (the catalogue's are English).
    static let standardsPrefix = "standards."

    static func load(_ language: String) throws -> [String: String] {
        let url = languages.appendingPathComponent("\(language).yml")
        return try keyPaths(String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
    }

    /// Dotted key path → value of every leaf. The files' shape: two spaces a level, `key: value`
    /// (a leaf) or `key:` (opens a map), `#` comments on their own lines. Not a YAML parser.
    static func keyPaths(_ text: String, file: String) -> [String: String] {
        var leaves: [String: String] = [:]
        var open: [(indent: Int, key: String)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let body = raw.drop { $0 == " " }
            if body.isEmpty || body.hasPrefix("#") { continue }
            let indent = raw.count - body.count
            guard indent % 2 == 0, let colon = body.firstIndex(of: ":") else {
                Issue.record("\(file):\(n + 1): not `key: value` at an even indentation: \(raw)")
                continue
            }
            let key = String(body[..<colon])
            let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            while let last = open.last, last.indent >= indent { open.removeLast() }
            #expect(open.count * 2 == indent, "\(file):\(n + 1): indented more than one level: \(raw)")
            let path = (open.map(\.key) + [key]).joined(separator: ".")
            if value.isEmpty {
                open.append((indent, key))
            } else {
                #expect(leaves[path] == nil, "\(file):\(n + 1): \(path) given twice")
                leaves[path] = unquote(value)
            }
        }
        return leaves
    }

    /// A scalar as these files write it: plain, "double-quoted" (\" and \\ escapes) or 'single'.
    static func unquote(_ value: String) -> String {
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            return String(value.dropFirst().dropLast())
                .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
            return String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        return value
    }

    @Test func frenchHasExactlyTheKeysOfEnglish() throws {
        let en = try Self.load("en"), fr = try Self.load("fr")
        let enKeys = Set(en.keys),
            frKeys = Set(
                fr.keys.filter { !$0.hasPrefix(Self.countryPrefix) && !$0.hasPrefix(Self.standardsPrefix) })
        #expect(enKeys.subtracting(frKeys).sorted() == [], "keys of en.yml missing from fr.yml")
        #expect(frKeys.subtracting(enKeys).sorted() == [], "keys of fr.yml that en.yml does not have")
        #expect(!en.keys.contains { $0.hasPrefix(Self.countryPrefix) }, "en.yml lists no countries")
        #expect(en["language"] == "en" && fr["language"] == "fr")
        #expect(fr["name"] == "Français")
        #expect(fr["text.report_title"] == "Profil migratoire")
    }

    @Test func frenchNamesTheCountries() throws {
        let fr = try Self.load("fr")
        #expect(fr[Self.countryPrefix + "FRA"] == "France")
        #expect(fr[Self.countryPrefix + "DEU"] == "Allemagne")
        #expect(fr[Self.countryPrefix + "CIV"] == "Côte d'Ivoire")
        // Every ISO 3166-1 country of the installed iso-codes (XKX is emp's own addition).
        guard let iso = try? ISOCodes.load() else { return }
        let missing = iso.countries.keys.filter { $0 != "XKX" && fr[Self.countryPrefix + $0] == nil }
        #expect(missing.sorted() == [], "countries without a French name in fr.yml")
    }

    @Test func everyIndicatorIsNamedAndEveryFormulaGiven() throws {
        for language in ["en", "fr"] {
            let labels = try Self.load(language)
            for t in Catalogue.tableIDs {
                #expect(labels["indicators.\(t.id)"]?.isEmpty == false, "\(language).yml: no indicators.\(t.id)")
            }
            let named = Set(labels.keys.filter { $0.hasPrefix("indicators.") })
            #expect(named == Set(Catalogue.tableIDs.map { "indicators.\($0.id)" }), "\(language).yml: stray names")
            for d in Catalogue.all {
                #expect(labels["formulas.\(d.id)"]?.isEmpty == false, "\(language).yml: no formulas.\(d.id)")
            }
        }
        let en = try Self.load("en")
        for d in Catalogue.all { #expect(en["formulas.\(d.id)"] == d.formula, "en.yml: formulas.\(d.id)") }
    }
}
