import EMPTestSupport
import Foundation
import Testing

/// The HTML report (issue 12), as a planner meets it: opened in a real browser (headless
/// Chromium), printed to A4, in English and French, kept up to date by incremental runs.
@Suite(.serialized) struct ReportTests {
    /// One release of the default pipeline, shared by the tests that only read it.
    static let release: String = {
        let dir = (try? scratchDir("emp-report")) ?? NSTemporaryDirectory()
        _ = try? emp(["run", "pipelines/default.yml", "--output", "\(dir)/out"], cwd: repositoryRoot, env: goldenDate)
        return "\(dir)/out"
    }()

    func requireBrowser() throws {
        try #require(Browser.executable != nil, "no chromium: run `make deps` (it installs chromium and poppler-utils)")
    }

    /// A value of indicators.csv as the English report writes it: grouped thousands, persons
    /// and dollars whole, rates and shares to one decimal.
    func english(_ row: [String: String]) -> String {
        let value = Double(row["obs_value"]!)!
        var decimals = ["PS", "USD", "COUNT"].contains(row["unit_measure"]!) ? 0 : 1
        // A small share shows its first two digits (0.034, not 0.0).
        if decimals == 1, value != 0, abs(value) < 0.1 { decimals = 1 - Int(floor(log10(abs(value)))) }
        let digits = String(format: "%.\(decimals)f", abs(value))
        let parts = digits.split(separator: ".")
        var whole = ""
        for (i, ch) in parts[0].enumerated() {
            if i > 0, (parts[0].count - i) % 3 == 0 { whole += "," }
            whole.append(ch)
        }
        return (value < 0 ? "-" : "") + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// The latest value of a total series of a country in indicators.csv.
    func latest(_ rows: [[String: String]], _ country: String, _ indicator: String) -> [String: String]? {
        rows.filter {
            $0["ref_area"] == country && $0["indicator"] == indicator && $0["sex"] == "_T"
                && $0["counterpart_area"] == "_T" && $0["sector"] == "_Z" && !($0["obs_value"] ?? "").isEmpty
        }
        .max { Int($0["time_period"]!)! < Int($1["time_period"]!)! }
    }

    @Test func everyCountryHasAPageAndTheIndexListsThem() throws {
        let report = "\(Self.release)/report"
        for c in ["BGD", "JAM", "MDA", "MLI"] {
            #expect(pathExists("\(report)/\(c).html"), "\(c)")
            #expect(read("\(report)/index.html").contains("href=\"\(c).html\""))
        }
        let page = read("\(report)/MDA.html")
        #expect(!page.contains("@@emp:"), "every release placeholder is filled in")
        #expect(page.contains("Release 1 · 2026-01-01"))
        #expect(!page.contains("<script"), "no script needed")
        #expect(!page.contains("<link") && !page.contains("src="), "nothing fetched: CSS and SVG inline")
    }

    /// The key figures of indicators.csv are in the text Chromium renders of each page, and each
    /// page has its charts, each with an accessible title and its data as a table.
    @Test func theKeyFiguresOfTheTableAreInThePageARealBrowserRenders() throws {
        try requireBrowser()
        let rows = csvRows("\(Self.release)/indicators.csv")
        for country in ["MDA", "MLI"] {
            let text = try Browser.renderedText("\(Self.release)/report/\(country).html", layout: false)
            let keys = [
                "imm_inflow", "emi_outflow", "net_migration", "net_migration_rate", "imm_stock", "emi_stock",
                "remit_in_usd", "remit_in_pct_gdp",
            ]
            var found = 0
            for id in keys {
                guard let row = latest(rows, country, id) else { continue }
                found += 1
                #expect(text.contains(english(row)), "\(country) \(id) \(english(row)) in the rendered page")
            }
            #expect(found >= 6, "\(country): the sample data have most key figures")
            let dom = try Browser.dom("\(Self.release)/report/\(country).html")
            let charts = dom.components(separatedBy: "<svg").count - 1
            #expect(charts >= 6, "\(country): \(charts) charts")
            #expect(dom.components(separatedBy: "<title id=").count - 1 == charts, "each chart has its <title>")
            #expect(dom.contains("<figure id=\"\(country.lowercased())-flows\""))
        }
    }

    /// Printed to A4, every major section starts a page of its own (the key data share the
    /// first page with the title), the annex runs on over as many pages as it needs.
    @Test func printingToPDFGivesOnePagePerSectionAndTheAnnexAfter() throws {
        try requireBrowser()
        let dir = try scratchDir("emp-report-pdf")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Browser.printToPDF("\(Self.release)/report/MDA.html", to: "\(dir)/MDA.pdf")
        let pages = try Browser.pageCount(ofPDF: "\(dir)/MDA.pdf")
        let text = try Browser.text(ofPDF: "\(dir)/MDA.pdf", layout: false)
        let byPage = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(byPage.count == pages)
        #expect(pages >= 9, "\(pages) pages")
        #expect(byPage[0].contains("Migration profile: Moldova") && byPage[0].contains("Key data"))
        let sections = [
            "Trends", "Composition", "Labour", "Remittances", "Corridors", "Data quality and gaps",
            "What changed since the previous release", "Statistical annex",
        ]
        var last = 0
        for title in sections {
            // The page whose first lines (under the running header) hold the section's title.
            let at = byPage.firstIndex {
                $0.split(separator: "\n").prefix(4).contains { $0.trimmingCharacters(in: .whitespaces) == title }
            }
            #expect(at != nil && at! > last, "\(title) starts a page after the one before (\(at ?? -1))")
            last = at ?? last
        }
        #expect(byPage.allSatisfy { $0.contains("Release 1 · 2026-01-01") }, "the running header on every page")
    }

    /// A name with `<`, `&` and quotes is text on the page, never markup: a source file so named.
    @Test func aNameWithMarkupCharactersIsEscaped() throws {
        try requireBrowser()
        let dir = try scratchDir("emp-report-escape")
        defer { removeOutput(dir) }
        let odd = "\(dir)/imm <&\"x'>.csv"
        try FileManager.default.copyItem(atPath: "\(repositoryRoot)/datasets/moldova/imigranti.csv", toPath: odd)
        let pipeline = try defaultPipelineCopy(in: dir)
        let r = try emp(["run", pipeline, "--output", "\(dir)/out", "--source", "mda_inflows=\(odd)"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = read("\(dir)/out/report/MDA.html")
        #expect(page.contains("imm &lt;&amp;&quot;x&#39;&gt;.csv"))
        #expect(!page.contains("<&\"x"))
        let text = try Browser.renderedText("\(dir)/out/report/MDA.html", layout: false)
        // The browser parsed it as text (its DOM serializes the text back, quotes plain), and
        // the reader sees the characters (the cell may wrap the name across lines).
        #expect(try Browser.dom("\(dir)/out/report/MDA.html").contains("imm &lt;&amp;\"x'&gt;.csv"))
        #expect(text.replacingOccurrences(of: "\n", with: "").contains("<&\"x'>"), "the reader sees the name as it is")
        #expect(read("\(dir)/out/report/index.html").contains("imm &lt;&amp;&quot;x&#39;&gt;.csv"))
    }

    /// `report: { language: fr }`: the French words and the French way of writing numbers.
    @Test func aFrenchReportHasFrenchWordsAndNumbers() throws {
        try requireBrowser()
        let dir = try scratchDir("emp-report-fr")
        defer { removeOutput(dir) }
        let pipeline = try defaultPipelineCopy(in: dir) { $0 + "report:\n  language: fr\n" }
        let r = try emp(["run", pipeline, "--output", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try Browser.renderedText("\(dir)/out/report/MDA.html", layout: false)
        // French puts a no-break space before the colon.
        #expect(read("\(dir)/out/report/MDA.html").contains("<h1>Profil migratoire\u{A0}: Moldavie</h1>"))
        #expect(text.contains("Données clés"))
        let row = try #require(latest(csvRows("\(dir)/out/indicators.csv"), "MDA", "imm_stock"))
        // Thousands apart by a narrow no-break space (CLDR fr), which pdftotext reads as a space.
        let french = english(row).replacingOccurrences(of: ",", with: "\u{202F}")
        #expect(read("\(dir)/out/report/MDA.html").contains(">\(french)</span>"), "\(french) as French writes it")
        #expect(text.contains(english(row).replacingOccurrences(of: ",", with: " ")))
        let gdp = try #require(latest(csvRows("\(dir)/out/indicators.csv"), "MDA", "remit_in_pct_gdp"))
        #expect(text.contains(english(gdp).replacingOccurrences(of: ".", with: ",")))
        #expect(read("\(dir)/out/report/index.html").contains("<html lang=\"fr\">"))
    }

    @Test func anUnknownLanguageIsAConfigurationError() throws {
        let dir = try scratchDir("emp-report-lang")
        defer { removeOutput(dir) }
        let pipeline = try defaultPipelineCopy(in: dir) { $0 + "report:\n  language: xx\n" }
        let r = try emp(["run", pipeline, "--output", "\(dir)/out"])
        #expect(r.status == 78)
        #expect(r.stderr.contains("report.language: no report language 'xx'; the languages are en, fr"), "\(r.stderr)")
        #expect(!pathExists("\(dir)/out"))
    }

    /// A delivery that changes one country's values: only that country is computed again, and
    /// every page, the kept ones too, carries the new release; the country's page lists its changes.
    @Test func anIncrementalRunKeepsTheOtherPagesAndStampsTheNewRelease() throws {
        let dir = try scratchDir("emp-report-incremental")
        defer { removeOutput(dir) }
        let pipeline = try defaultPipelineCopy(in: dir)
        #expect(try emp(["run", pipeline, "--output", "\(dir)/out"], env: goldenDate).status == 0)
        #expect(read("\(dir)/out/report/BGD.html").contains("This is the first release"))
        let revised = "\(dir)/imigranti-revised.csv"
        try read("\(repositoryRoot)/datasets/moldova/imigranti.csv")
            .replacingOccurrences(of: "MDA;2016;UKR;Total;720;\n", with: "MDA;2016;UKR;Total;722;\n")
            .write(toFile: revised, atomically: true, encoding: .utf8)
        let second = try emp(
            ["run", pipeline, "--output", "\(dir)/out", "--source", "mda_inflows=\(revised)"], env: goldenDate)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("1 computed"), "\(second.stdout)")
        let bgd = read("\(dir)/out/report/BGD.html"), mda = read("\(dir)/out/report/MDA.html")
        #expect(bgd.contains("Release 2 · 2026-01-01") && mda.contains("Release 2 · 2026-01-01"))
        #expect(bgd.contains("No value of this country changed since the previous release."))
        #expect(mda.contains("<table class=\"changes\">"))
        #expect(mda.contains("<td>2016</td><td>Revised</td><td>3,600</td><td>3,602</td>"), "the inflow of 2016")
        #expect(read("\(dir)/out/report/index.html").contains("Release 2 · 2026-01-01"))
    }

    /// A screenshot the README shows is made by the same browser (`make screenshot`).
    @Test func aScreenshotOfAPageIsAPNG() throws {
        try requireBrowser()
        let dir = try scratchDir("emp-report-png")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Browser.screenshot("\(Self.release)/report/MDA.html", to: "\(dir)/MDA.png", width: 1000, height: 1400)
        let png = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/MDA.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000)
    }
}
