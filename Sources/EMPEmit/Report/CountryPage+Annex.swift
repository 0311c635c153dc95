import EMPCore
import EMPIndicators

extension CountryPage {
    /// The domains a profile is built from, as the coverage table lists them.
    static let profileDomains: [Domain] = [
        .inflows, .outflows, .gender, .skills, .duration, .sectors, .remittances, .stocks,
    ]

    /// Coverage by domain × year (a filled cell where the release holds that domain's data),
    /// and every flag the country's values carry, explained.
    func quality() -> [String: Any] {
        let years = country.result.years
        let rows = Self.profileDomains.map { d -> [String: Any] in
            [
                "label": language.domain(d.rawValue),
                "cells": years.map { y -> [String: Any] in
                    let has = country.result.domains[y]?.contains(d) == true
                    return ["has": has, "text": language.text(has ? "has_data" : "no_data")]
                },
            ]
        }
        let used = Set(country.rows.map(\.status.code)).sorted()
        return [
            "title": language.text("quality"), "years": years.map(String.init), "coverage": rows,
            "flags": used.map {
                ["code": $0, "label": language.flag($0), "explanation": language.flagExplanation($0)]
            },
        ]
    }

    /// Every indicator of the country: name, formula, unit, standard, and its series by year
    /// (one row per breakdown: sex, partner and rank, sector).
    func annex() -> [[String: Any]] {
        let rows = country.rows
        var out: [[String: Any]] = []
        var i = 0
        while i < rows.count {
            var end = i
            while end < rows.count, rows[end].indicator == rows[i].indicator { end += 1 }
            // The years the indicator's rows span (series run from their first value to their last).
            let spanned = Set(rows[i..<end].map(\.year))
            let years = country.result.years.filter(spanned.contains)
            var j = i
            var lines: [[String: Any]] = []
            while j < end {
                var k = j + 1
                while k < rows.count, IndicatorValue.sameSeries(rows[k], rows[j]) { k += 1 }
                lines.append(annexLine(rows[j..<k], years: years))
                j = k
            }
            let r = rows[i], definition = Catalogue.definition(of: r.indicator)
            out.append([
                "id": r.indicator, "name": language.indicator(r.indicator),
                "formula": definition.map(language.formula) ?? "", "unit": language.unit(r.unit),
                "standard": definition?.standard ?? "", "years": years.map(String.init), "lines": lines,
            ])
            i = j
        }
        return out
    }

    /// One series of the annex: its breakdown in words and a cell per year.
    func annexLine(_ rows: ArraySlice<IndicatorValue>, years: [Int]) -> [String: Any] {
        let r = rows.first!
        var parts: [String] = []
        if r.sex != "_T" { parts.append(language.code("sex", r.sex, labels: values.labels)) }
        if r.rank != "_Z" { parts.append("#\(r.rank)") }
        if r.counterpart != "_T" { parts.append(values.country(r.counterpart)) }
        if r.sector != "_Z" { parts.append("\(r.sector) " + language.code("sector", r.sector, labels: values.labels)) }
        var byYear: [Int: IndicatorValue] = [:]
        for v in rows { byYear[v.year] = v }
        return [
            "label": parts.isEmpty ? language.code("sex", "_T", labels: values.labels) : parts.joined(separator: ", "),
            "cells": years.map { y -> [String: Any] in
                guard let v = byYear[y] else { return ["text": ""] }
                return ["text": values.number(v.value, unit: v.unit), "flag": values.flag(v.status)]
            },
        ]
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
