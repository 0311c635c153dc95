import EMPChart
import EMPCore
import EMPIndicators

/// The charts of a country page, each with the table of its data beside it (a chart must not
/// be the only way to read its numbers) and a source note naming the standards it follows.
struct ChartBlocks {
    let series: CountrySeries
    let values: ReportValues
    let country: String
    var language: ReportLanguage { values.language }
    /// Flags marked on charts: a break, provisional, estimated and forecast values.
    static let marked = ["B", "P", "E", "F"]

    var marks: [(flag: String, label: String)] { Self.marked.map { ($0, language.flag($0)) } }

    func text(_ id: String, title: String, unit: String, ids: [String]) -> ChartText {
        // The standards in the order of the chart's series, each once (one that another
        // standard's name already holds, "ISCED 2011" beside "ISCED 2011 (UNESCO-UIS)", left out).
        var standards: [String] = []
        for s in ids.compactMap({ Catalogue.definition(of: $0).map(language.standard) }) where !standards.contains(s) {
            standards.append(s)
        }
        standards = standards.filter { s in !s.isEmpty && !standards.contains { $0 != s && $0.contains(s) } }
        let source = language.text("source_note") + " " + standards.joined(separator: " · ")
        return ChartText(
            id: "\(country.lowercased())-\(id)", title: title, unit: language.unitShort(unit), source: source,
            description: title + ". " + language.text("chart_desc"), marks: marks, format: values.chartFormat(unit))
    }

    /// A line chart of these indicators' total series; nil when none has a value.
    func lines(_ id: String, title: String, ids: [String]) -> [String: Any]? {
        let present = ids.filter(series.has)
        guard let first = present.first, let unit = series.latest(first)?.unit else { return nil }
        let span = series.span(present), years = span.map(String.init)
        let lines = present.map { i -> ChartSeries in
            let s = series.series(i, years: span)
            return ChartSeries(label: language.indicator(i), values: s.values, flags: s.flags)
        }
        let t = text(id, title: title, unit: unit, ids: present)
        return block(
            t, svg: Chart.line(categories: years, series: lines, text: t), years: years, series: lines, unit: unit)
    }

    /// Stacked shares by year from the named indicators (label key, id); nil when none has data.
    /// `rest` adds the remainder to 100 under that label when every part of a year is known.
    func stacked(
        _ id: String, title: String, parts: [(label: String, id: String)], rest: String? = nil
    )
        -> [String: Any]?
    {
        let present = parts.filter { series.has($0.id) }
        guard !present.isEmpty else { return nil }
        let span = series.span(present.map(\.id)), years = span.map(String.init)
        var bars = present.map { p -> ChartSeries in
            let s = series.series(p.id, years: span)
            return ChartSeries(label: language.text(p.label), values: s.values, flags: s.flags)
        }
        if let rest, present.count == parts.count {
            let remainder = span.indices.map { i -> Double? in
                let known = bars.compactMap { $0.values[i] }
                return known.count == bars.count ? max(0, 100 - known.reduce(0, +)) : nil
            }
            let flags = span.indices.map { i in bars.map { $0.flags[i] }.first { $0 != "A" && $0 != "" } ?? "A" }
            bars.append(ChartSeries(label: language.text(rest), values: remainder, flags: flags))
        }
        let t = text(id, title: title, unit: Unit.percent, ids: present.map(\.id))
        return block(
            t, svg: Chart.stackedBars(categories: years, series: bars, text: t), years: years, series: bars,
            unit: Unit.percent)
    }

    /// Horizontal bars of a year's rows (sectors or partners): the note at each bar's end is
    /// its share (and its flag); the table beside gives the value, its flag and the share
    /// (a sector's value is its share: the table says it once).
    func bars(
        _ id: String, title: String, rows: [(label: String, value: Double, note: String, flag: String)], unit: String,
        of indicator: String
    ) -> [String: Any] {
        let t = text(id, title: title, unit: unit, ids: [indicator])
        let svg = Chart.bars(
            rows.map {
                ChartBar(label: $0.label, value: $0.value, note: $0.flag.isEmpty ? $0.note : "\($0.note) (\($0.flag))")
            },
            text: t)
        let shares = unit != Unit.percent
        return [
            "id": t.id, "title": title, "svg": svg, "unit": language.unit(unit), "source": t.source,
            "head": [language.text(id.hasPrefix("corridor") ? "partner" : "sector"), language.text("value")]
                + (shares ? [language.text("share")] : []),
            "rows_html": rows.reduce(into: TableRows()) { out, r in
                out.add(
                    r.label,
                    [TableRows.Cell(text: values.number(r.value, unit: unit), flag: r.flag)]
                        + (shares ? [TableRows.Cell(text: r.note)] : []))
            }.html,
        ]
    }

    /// What the template needs of a chart: its SVG and the table of its data.
    func block(
        _ t: ChartText, svg: String, years: [String], series lines: [ChartSeries], unit: String
    )
        -> [String: Any]
    {
        [
            "id": t.id, "title": t.title, "svg": svg, "unit": language.unit(unit), "source": t.source,
            "head": [language.text("indicator")] + years,
            "rows_html": lines.reduce(into: TableRows()) { out, s in
                out.add(
                    s.label,
                    zip(s.values, s.flags).map { v, f in
                        TableRows.Cell(text: values.number(v, unit: unit), flag: f == "A" || v == nil ? "" : f)
                    })
            }.html,
        ]
    }
}
