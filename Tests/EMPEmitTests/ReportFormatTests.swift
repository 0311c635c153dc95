import EMPAggregate
import EMPCore
@testable import EMPEmit
import EMPIndicators
import Foundation
import Testing

/// The report's rendering of one country, without a run: escaping, determinism, languages.
@Suite struct ReportFormatTests {
    func country(_ code: String = "XXA") -> FormattedCountry {
        let rows = (2018...2020).map { year in
            IndicatorValue(
                refArea: code, indicator: "imm_inflow", year: year,
                amount: Amount(
                    value: 1_234_500 + Double(year - 2018) * 1000, status: year == 2020 ? provisional : .normal),
                unit: "PS")
        }
        return FormattedCountry(
            result: CountryResult(country: code, rows: rows, years: [2018, 2019, 2020], domains: [2020: [.inflows]]),
            name: "ignored")
    }

    let provisional = ObsStatus(code: "P", rank: 2, isMissing: false)

    func layout(_ settings: [String: String] = [:]) -> ReleaseLayout {
        ReleaseLayout(
            years: [2018, 2019, 2020], labels: CodeLabels(countries: ["XXA": "Land <&\"'> of tests"]),
            settings: settings,
            stamp: ReleaseStamp(number: 3, date: "2026-01-01"))
    }

    func page(_ settings: [String: String] = [:]) -> String {
        let bytes = ReportFormat().render(country(), in: layout(settings))
        let cut = bytes.firstIndex(of: 0)!
        return String(decoding: bytes[(cut + 1)...], as: UTF8.self)
    }

    @Test func aCountryNameWithMarkupIsEscapedInTextAndInTheCSSHeader() {
        let html = page()
        #expect(html.contains("<h1>Migration profile: Land &lt;&amp;&quot;&#39;&gt; of tests</h1>"))
        #expect(html.contains("<title>Migration profile: Land &lt;&amp;&quot;&#39;&gt; of tests</title>"))
        #expect(html.contains(#"@top-left { content: "Migration profile: Land \3c \26 \22 \27 \3e  of tests";"#))
        #expect(!html.contains("<&"))
    }

    @Test func theSameCountryRendersTheSameBytes() {
        #expect(ReportFormat().render(country(), in: layout()) == ReportFormat().render(country(), in: layout()))
    }

    /// The key data box: the latest value, its year, flag and the change since the year before.
    @Test func theKeyDataBoxHasTheLatestValueItsFlagAndTheChange() {
        let html = page()
        #expect(html.contains("<span class=\"value\">1,236,500</span>"))
        #expect(html.contains("title=\"Provisional value\">P</sup>"))
        #expect(html.contains("2020 · +1,000 since 2019"))
    }

    @Test func frenchWritesNumbersWithANarrowSpaceAndADecimalComma() throws {
        let fr = try #require(ReportLanguage.shipped["fr"])
        #expect(fr.number(12345.6, decimals: 1) == "12\u{202F}345,6")
        #expect(fr.number(-1234567, decimals: 0) == "-1\u{202F}234\u{202F}567")
        let en = try #require(ReportLanguage.shipped["en"])
        #expect(en.number(12345.6, decimals: 1) == "12,345.6")
        #expect(en.number(-0.04, decimals: 1) == "0.0", "no negative zero")
        #expect(page(["report.language": "fr"]).contains("<span class=\"value\">1\u{202F}236\u{202F}500</span>"))
    }

    @Test func theIndexRowComesBeforeTheSeparatorAndLinksThePage() {
        let bytes = ReportFormat().render(country(), in: layout())
        let entry = String(decoding: bytes[..<bytes.firstIndex(of: 0)!], as: UTF8.self)
        // The name the index sorts by, then the row.
        #expect(entry.hasPrefix("Land <&\"'> of tests\u{1}<tr>"))
        let row = String(entry.drop { $0 != "\u{1}" }.dropFirst())
        #expect(row.hasPrefix("<tr><th scope=\"row\"><a href=\"XXA.html\">Land &lt;&amp;"))
        #expect(row.contains("1,236,500<sup class=\"flag\">P</sup> <span class=\"muted\">(2020)</span>"))
    }
}
