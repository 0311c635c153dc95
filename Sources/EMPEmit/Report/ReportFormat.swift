import EMPCore
import EMPIndicators
import EMPStore
import Foundation

/// `report/index.html` and `report/<ISO3>.html` (issue 12): the profile planners read, one
/// static page per country — key data, trends, composition, labour, remittances, corridors,
/// data quality, what changed, the annex — with SVG charts and print CSS, in the pipeline's
/// language (`report: { language: fr }`), and an index of the countries.
///
/// A country's kept rendering is its index row and its page, joined by a NUL byte (which no
/// HTML holds). The page leaves placeholders for what belongs to the release rather than to
/// the country — its number and date, its sources, the country's changes since the previous
/// release — which the sink fills in as it writes the file, so a country published from its
/// kept bytes shows the current release.
public struct ReportFormat: OutputFormat {
    public init() {}
    public var name: String { "report" }
    public var files: String { "report/index.html, report/<ISO3>.html" }
    public var summary: String {
        "a static HTML profile per country (charts, tables, notes; printable to A4) and an index, in English or French"
    }
    public var settingDefaults: [String: String] { ["report.language": "en"] }

    static let separator: UInt8 = 0
    /// Ends the country's name, which the index sorts its rows by, before the row itself.
    static let nameEnd: Character = "\u{1}"
    enum Placeholder {
        static let release = "@@emp:release@@"
        static let releaseCSS = "@@emp:release-css@@"
        static let sources = "@@emp:sources@@"
        static let changes = "@@emp:changes@@"
    }

    static func language(_ release: ReleaseLayout) -> ReportLanguage {
        ReportLanguage.shipped[release.settings["report.language"] ?? "en"] ?? ReportLanguage.shipped["en"]!
    }

    public func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8] {
        let language = Self.language(release)
        let page = CountryPage(country, language: language, labels: release.labels)
        let entry =
            page.values.country(country.country) + String(Self.nameEnd)
            + ReportTemplates.render("entry", page.indexEntry())
        let html = ReportTemplates.render("country", page.context(empVersion: release.settings["emp_version"] ?? ""))
        return Array(entry.utf8) + [Self.separator] + Array(html.utf8)
    }

    public func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink {
        ReportSink(folder: folder, release: release, language: Self.language(release))
    }
}

extension CountryPage {
    /// Everything the country template reads.
    func context(empVersion: String) -> [String: Any] {
        let sections = [trends(), composition(), labour(), remittances(), corridors()], keys = keyData()
        let title = language.text("report_title") + language.text("colon") + values.country(country.country)
        let contents =
            [["id": "key-data", "title": language.text("key_data")]]
            + sections.map { ["id": $0["id"]!, "title": $0["title"]!] }
            + [
                ["id": "quality", "title": language.text("quality")],
                ["id": "changes", "title": language.text("changes")],
                ["id": "annex", "title": language.text("annex")],
            ]
        return [
            "lang": language.code, "t": language.texts, "emp_version": empVersion, "code": country.country,
            "name": values.country(country.country), "css_title": CSSText.string(title), "contents": contents,
            "keydata": keys,
            // What the box lacks, when it has something (an empty box says so in one sentence).
            "key_missing": keys.isEmpty
                ? "" : Self.keyIndicators.filter { !series.has($0) }.map(language.indicator).joined(separator: "; "),
            "sections": sections, "quality": quality(), "annex": annex(),
        ]
    }
}

/// Writes each country's page with the release's parts filled in, keeps its index row, and
/// writes the index when the release is complete.
final class ReportSink: FormatSink {
    let folder: OutputFolder
    let release: ReleaseLayout
    let language: ReportLanguage
    let stamp: String
    /// Every source of the release, for the index.
    let sources: String
    /// The index's rows with the names they sort by.
    var rows: [(name: String, html: String)] = []

    init(folder: OutputFolder, release: ReleaseLayout, language: ReportLanguage) {
        (self.folder, self.release, self.language) = (folder, release, language)
        stamp = release.stamp.map { "\(language.text("release")) \($0.number) · \($0.date)" } ?? ""
        sources = ReportTemplates.render("sources", ReleaseParts.sources(release.sources, language: language))
    }

    /// The sources with data of a country (all of them when the release does not say).
    func sources(of country: String) -> String {
        guard let names = release.sourcesByCountry[country] else { return sources }
        let own = release.sources.filter { names.contains($0.name) }
        return ReportTemplates.render("sources", ReleaseParts.sources(own, language: language))
    }

    func add(country: String, bytes: [UInt8]) throws { try add(country: country, bytes: bytes, changes: []) }

    func add(country: String, bytes: [UInt8], changes: [ValueChange]) throws {
        let cut = bytes.firstIndex(of: ReportFormat.separator) ?? 0
        let entry = String(decoding: bytes[..<cut], as: UTF8.self)
        let name = entry.prefix { $0 != ReportFormat.nameEnd }
        rows.append((String(name), String(entry.dropFirst(name.count + 1))))
        let parts = ReleaseParts(language: language, labels: release.labels)
        let changed = ReportTemplates.render("changes", parts.changes(changes, first: release.stamp?.isFirst ?? true))
        typealias P = ReportFormat.Placeholder
        let values = [
            P.releaseCSS: CSSText.string(stamp), P.release: XMLText.escape(stamp),
            P.sources: sources(of: country),
            P.changes: changed,
        ]
        let page = Placeholders.fill(bytes[(cut < bytes.count ? cut + 1 : cut)...], values)
        try folder.write("report/\(country).html", data: Data(page))
    }

    func finish() throws {
        let t = language.texts
        let context: [String: Any] = [
            "lang": language.code, "t": t, "emp_version": release.settings["emp_version"] ?? "",
            "pipeline": release.settings["pipeline"] ?? "", "release": stamp, "css_release": CSSText.string(stamp),
            "css_title": CSSText.string(t["index_title"] ?? ""), "count": "\(rows.count)",
            "rows": rows.sorted { (Self.sortKey($0.name), $0.name) < (Self.sortKey($1.name), $1.name) }.map(\.html)
                .joined(),
            "sources": sources, "figures": CountryPage.indexFigures.map(language.indicator),
        ]
        try folder.write("report/index.html", ReportTemplates.render("index", context))
    }

    /// Names sort as a reader looks them up: accents and case aside (Åland with the As).
    static func sortKey(_ name: String) -> String {
        name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }
}

/// Fills the `@@emp:…@@` placeholders of a kept page in one pass over its bytes (the sink
/// writes every page of a release on one thread: a search of the whole text per placeholder
/// was a tenth of a run).
enum Placeholders {
    static let open = Array("@@emp:".utf8)

    static func fill(_ page: ArraySlice<UInt8>, _ values: [String: String]) -> [UInt8] {
        let byName = Dictionary(uniqueKeysWithValues: values.map { (Array($0.key.utf8), Array($0.value.utf8)) })
        var out: [UInt8] = []
        out.reserveCapacity(page.count + 8192)
        var i = page.startIndex, copied = i
        while i < page.endIndex {
            guard page[i] == 0x40, page[i...].starts(with: open) else {
                i += 1
                continue
            }
            // The marker runs to the next "@@" after its opening.
            var end = i + open.count
            while end + 1 < page.endIndex, !(page[end] == 0x40 && page[end + 1] == 0x40) { end += 1 }
            guard end + 1 < page.endIndex, let value = byName[Array(page[i..<(end + 2)])] else {
                i += 1
                continue
            }
            out.append(contentsOf: page[copied..<i])
            out.append(contentsOf: value)
            i = end + 2
            copied = i
        }
        out.append(contentsOf: page[copied...])
        return out
    }
}
