import EMPCore
import EMPIndicators

extension CountryPage {
    /// The domains a profile is built from, as the coverage table lists them.
    static let profileDomains: [Domain] = [
        .inflows, .outflows, .gender, .skills, .duration, .sectors, .remittances, .stocks, .protection, .returns,
    ]

    /// At most this many years in one table: a table wider than an A4 page is cut in print
    /// (a series of sixty years is printed as five tables of twelve).
    static let yearsPerTable = 12

    static func chunks(_ years: [Int], of size: Int = yearsPerTable) -> [[Int]] {
        stride(from: 0, to: years.count, by: size).map { Array(years[$0..<min($0 + size, years.count)]) }
    }

    /// Coverage by domain × year (a filled cell where the release holds that domain's data),
    /// and every flag the country's values carry, explained. The table has a row for each
    /// domain with data and runs from the first year with data to the last; the domains with
    /// none are named in one sentence (a row of "no data" in every year of a long population
    /// series was a quarter of the report's bytes and told no more).
    func quality() -> [String: Any] {
        let domains = country.result.domains
        let covered = Self.profileDomains.filter { d in domains.values.contains { $0.contains(d) } }
        let withData = country.result.years.filter { y in domains[y]?.contains { covered.contains($0) } == true }
        let span = withData.first.map { first in country.result.years.filter { $0 >= first && $0 <= withData.last! } }
        let absent = Self.profileDomains.filter { !covered.contains($0) }.map { language.domain($0.rawValue) }
        let tables = Self.chunks(span ?? [], of: 16).map { years -> [String: Any] in
            [
                "years": years.map(String.init),
                "coverage": covered.map { d -> [String: Any] in
                    [
                        "label": language.domain(d.rawValue),
                        "cells": years.map { y -> [String: Any] in
                            let has = country.result.domains[y]?.contains(d) == true
                            return ["has": has, "text": language.text(has ? "has_data" : "no_data")]
                        },
                    ]
                },
            ]
        }
        let used = Set(country.rows.map(\.status.code)).sorted()
        return [
            "title": language.text("quality"), "tables": tables,
            "absent": absent.isEmpty ? "" : language.text("no_data_in") + absent.joined(separator: ", ") + ".",
            "flags": used.map {
                ["code": $0, "label": language.flag($0), "explanation": language.flagExplanation($0)]
            },
        ]
    }

    /// Every indicator of the country: name, formula, unit, standard, and its values by year
    /// in tables of at most `yearsPerTable` years, one row per breakdown (sex, sector, or
    /// partner: a top-5 partner has its row whatever its rank that year).
    func annex() -> [[String: Any]] {
        let rows = country.rows
        var out: [[String: Any]] = []
        var i = 0
        while i < rows.count {
            var end = i
            while end < rows.count, rows[end].indicator == rows[i].indicator { end += 1 }
            let r = rows[i], definition = Catalogue.definition(of: r.indicator)
            // The years the indicator's rows span (series run from their first value to their last).
            let spanned = Set(rows[i..<end].map(\.year))
            let years = country.result.years.filter(spanned.contains)
            let lines = annexLines(rows[i..<end])
            out.append([
                "id": r.indicator, "name": language.indicator(r.indicator),
                "formula": definition.map(language.formula) ?? "", "unit": language.unit(r.unit),
                "standard": definition.map(language.standard) ?? "",
                "tables": Self.chunks(years).map { chunk in
                    ["years": chunk.map(String.init), "rows_html": Self.rows(lines, chunk)]
                },
            ])
            i = end
        }
        return out
    }

    /// One row of the annex: its breakdown in words and its rows by year.
    struct AnnexLine {
        var label: String
        var byYear: [Int: IndicatorValue]
        let values: ReportValues

        func cells(_ years: [Int]) -> [TableRows.Cell] {
            years.map { y in
                guard let v = byYear[y] else { return TableRows.Cell(text: "") }
                return TableRows.Cell(text: values.number(v.value, unit: v.unit), flag: values.flag(v.status))
            }
        }
    }

    static func rows(_ lines: [AnnexLine], _ years: [Int]) -> String {
        var rows = TableRows()
        for line in lines { rows.add(line.label, line.cells(years)) }
        return rows.html
    }

    /// The rows of an indicator grouped into the annex's lines, in table order; ranked rows
    /// by partner, ordered by the best rank each partner reached.
    func annexLines(_ rows: ArraySlice<IndicatorValue>) -> [AnnexLine] {
        var order: [String] = [], lines: [String: AnnexLine] = [:], best: [String: Int] = [:]
        for r in rows {
            var parts: [String] = []
            if r.sex != "_T" { parts.append(language.code("sex", r.sex, labels: values.labels)) }
            if r.counterpart != "_T" { parts.append(values.country(r.counterpart)) }
            if r.sector != "_Z" {
                parts.append("\(r.sector) " + language.code("sector", r.sector, labels: values.labels))
            }
            let label =
                parts.isEmpty ? language.code("sex", "_T", labels: values.labels) : parts.joined(separator: ", ")
            if lines[label] == nil {
                order.append(label)
                lines[label] = AnnexLine(label: label, byYear: [:], values: values)
            }
            lines[label]!.byYear[r.year] = r
            if let rank = Int(r.rank) { best[label] = min(best[label] ?? rank, rank) }
        }
        if !best.isEmpty { order.sort { (best[$0] ?? 99, $0) < (best[$1] ?? 99, $1) } }
        return order.map { lines[$0]! }
    }

    /// The country's row of the index: its key figures with their years.
    func indexEntry() -> [String: Any] {
        [
            "code": country.country, "name": values.country(country.country),
            "cells": Self.indexFigures.map { id -> [String: Any] in
                guard let last = series.latest(id) else { return ["text": "–", "year": ""] }
                return [
                    "text": values.number(last.value, unit: last.unit), "year": "\(last.year)",
                    "flag": values.flag(last.status),
                ]
            },
        ]
    }

    static let indexFigures = [
        "imm_inflow", "emi_outflow", "net_migration", "imm_stock", "emi_stock", "remit_in_pct_gdp",
    ]
}
