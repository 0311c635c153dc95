import EMPCore
import EMPIndicators

/// What a country page shows, section by section, as the values its template reads: each
/// section holds only what the country's data support and names the indicators it lacks.
struct CountryPage {
    let country: FormattedCountry
    let series: CountrySeries
    let values: ReportValues
    let charts: ChartBlocks
    var language: ReportLanguage { values.language }

    init(_ country: FormattedCountry, language: ReportLanguage, labels: CodeLabels) {
        self.country = country
        series = CountrySeries(country)
        values = ReportValues(language: language, labels: labels)
        charts = ChartBlocks(series: series, values: values, country: country.country)
    }

    /// The indicators of the key data box, in reading order.
    static let keyIndicators = [
        "imm_inflow", "emi_outflow", "net_migration", "net_migration_rate", "imm_stock", "emi_stock", "remit_in_usd",
        "remit_in_pct_gdp",
    ]

    /// The key data box: each indicator's latest value, year, flag and change since the year before.
    func keyData() -> [[String: Any]] {
        Self.keyIndicators.compactMap { id in
            guard let last = series.latest(id) else { return nil }
            var change = "", since = ""
            if let before = series.totals[id]?[last.year - 1]?.value {
                // Across a break in series the two values measure different things.
                if last.status.code == "B" {
                    since = "\(language.text("not_comparable")) \(last.year - 1)"
                } else {
                    change = values.difference(last.value! - before, unit: last.unit)
                    if last.unit == Unit.percent { change += " " + language.text("pp") }
                    since = "\(language.text("since")) \(last.year - 1)"
                }
            }
            return [
                "id": id, "name": language.indicator(id), "value": values.number(last.value, unit: last.unit),
                "unit": language.unitShort(last.unit), "year": "\(last.year)", "flag": values.flag(last.status),
                "flag_label": last.status == .normal ? "" : language.flag(last.status.code), "change": change,
                "since": since,
            ]
        }
    }

    /// A section with its charts; `ids` are the indicators it covers, for saying which are missing.
    func section(_ key: String, charts blocks: [[String: Any]?], ids: [String]) -> [String: Any] {
        let shown = blocks.compactMap { $0 }
        let missing = ids.filter { !series.has($0) && series.sectors[$0] == nil && series.ranked[$0] == nil }
        return [
            "id": key, "title": language.text(key), "charts": shown, "empty": shown.isEmpty,
            "missing": missing.map(language.indicator).joined(separator: "; "), "has_missing": !missing.isEmpty,
        ]
    }

    func trends() -> [String: Any] {
        let c = charts
        return section(
            "trends",
            charts: [
                c.lines(
                    "flows", title: language.text("flows_chart"), ids: ["imm_inflow", "emi_outflow", "net_migration"]),
                c.lines("stocks", title: language.text("stocks_chart"), ids: ["imm_stock", "emi_stock"]),
                c.lines(
                    "rates", title: language.text("rates_chart"), ids: ["imm_rate", "emi_rate", "net_migration_rate"]),
            ],
            ids: ["imm_inflow", "emi_outflow", "net_migration", "imm_stock", "emi_stock", "imm_rate", "emi_rate"])
    }

    func composition() -> [String: Any] {
        let c = charts
        func skills(_ who: String) -> [(label: String, id: String)] {
            [
                ("high_skilled", "share_high_skilled_\(who)"), ("mid_skilled", "share_mid_skilled_\(who)"),
                ("low_skilled", "share_low_skilled_\(who)"),
            ]
        }
        func duration(_ flow: String, _ title: String) -> [String: Any]? {
            c.stacked(
                "duration-\(flow)", title: language.text(title),
                parts: [("long_term", "share_long_term_\(flow)"), ("short_term", "share_short_term_\(flow)")])
        }
        func reasons(_ flow: String, _ title: String) -> [String: Any]? {
            c.stacked(
                "reasons-\(flow)", title: language.text(title),
                parts: [("forced", "share_forced_\(flow)"), ("seasonal", "share_seasonal_\(flow)")],
                rest: "other_reasons")
        }
        let women = ["share_female_inflow", "share_female_outflow", "share_female_stock"]
        let flows = ["inflow", "outflow"].flatMap {
            ["share_long_term_\($0)", "share_forced_\($0)", "share_seasonal_\($0)"]
        }
        return section(
            "composition",
            charts: [
                c.lines("women", title: language.text("women_chart"), ids: women),
                c.stacked("skills", title: language.text("skills_chart"), parts: skills("imm")),
                c.stacked("skills-emi", title: language.text("skills_emi_chart"), parts: skills("emi")),
                duration("inflow", "duration_chart"), duration("outflow", "duration_out_chart"),
                reasons("inflow", "reasons_chart"), reasons("outflow", "reasons_out_chart"),
            ],
            ids: women + skills("imm").map(\.id) + skills("emi").map(\.id) + flows)
    }

    func labour() -> [String: Any] {
        func sectorChart(_ who: String, _ title: String) -> [String: Any]? {
            guard let (year, rows) = series.latestSectors("sector_dist_\(who)") else { return nil }
            let bars = rows.map { r in
                (
                    label: "\(r.sector) " + language.code("sector", r.sector, labels: values.labels),
                    value: r.value!, note: values.number(r.value, unit: r.unit) + " %", flag: values.flag(r.status)
                )
            }
            return charts.bars(
                "sectors-\(who)", title: "\(language.text(title)), \(year)", rows: bars, unit: Unit.percent,
                of: "sector_dist_\(who)")
        }
        return section(
            "labour",
            charts: [
                sectorChart("imm", "sectors_chart"), sectorChart("emi", "sectors_emi_chart"),
                charts.lines(
                    "care", title: language.text("care_chart"),
                    ids: ["share_care_workers_imm", "share_care_workers_emi"]),
            ],
            ids: ["sector_dist_imm", "sector_dist_emi", "share_care_workers_imm", "share_care_workers_emi"])
    }

    func remittances() -> [String: Any] {
        let c = charts
        return section(
            "remittances",
            charts: [
                c.lines("remit-usd", title: language.text("remit_usd_chart"), ids: ["remit_in_usd", "remit_out_usd"]),
                c.lines("remit-gdp", title: language.text("remit_gdp_chart"), ids: ["remit_in_pct_gdp"]),
                c.lines("remit-pc", title: language.text("remit_pc_chart"), ids: ["remit_in_per_capita"]),
                // SDG 10.c.1: shown where corridor costs exist, never named as missing (few
                // pipelines have a cost file).
                c.lines(
                    "remit-cost", title: language.text("remit_cost_chart"),
                    ids: ["remit_cost_send_avg_pct", "remit_cost_receive_avg_pct"]),
            ],
            ids: ["remit_in_usd", "remit_out_usd", "remit_in_pct_gdp", "remit_in_per_capita"])
    }

    /// Top-5 partners of flows, the diaspora and remittances in their latest year, with shares.
    func corridors() -> [String: Any] {
        let kinds = ["imm_inflow", "emi_outflow", "emi_stock", "remit_in"]
        let blocks = kinds.map { x -> [String: Any]? in
            let id = "top_corridor_\(x)"
            guard let (year, rows) = series.latestRanked(id) else { return nil }
            let shares = series.ranked[id + "_share"]?[year] ?? []
            let bars = rows.map { r in
                let share = shares.first { $0.counterpart == r.counterpart }?.value
                return (
                    label: values.country(r.counterpart), value: r.value!,
                    note: share.map { values.number($0, unit: Unit.percent) + " %" } ?? "", flag: values.flag(r.status)
                )
            }
            return charts.bars(
                "corridor-\(x)", title: "\(language.indicator(id)), \(year)", rows: bars, unit: rows[0].unit, of: id)
        }
        return section("corridors", charts: blocks, ids: kinds.map { "top_corridor_\($0)" })
    }
}
