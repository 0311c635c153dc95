import EMPCore
import EMPIndicators

/// How the report writes one country's values in its language: numbers to the decimals their
/// unit calls for (persons and dollars whole, rates and shares to one decimal), units short
/// or long, flags as letters with their label.
struct ReportValues {
    let language: ReportLanguage
    let labels: CodeLabels

    static func decimals(_ unit: String) -> Int {
        switch unit {
        case Unit.persons, Unit.usd, Unit.count: return 0
        case Unit.usdPerPerson: return 2
        default: return 1
        }
    }

    func number(_ value: Double?, unit: String) -> String {
        guard let value else { return "–" }
        return language.number(value, decimals: Self.decimals(unit))
    }

    /// A value with its unit as a reader sees it: `2,560 persons`, `24.9 %`.
    func amount(_ value: Double?, unit: String) -> String {
        guard value != nil else { return "–" }
        return number(value, unit: unit) + " " + language.unitShort(unit)
    }

    /// A difference with its sign: `+160`, `−0.3`, `0`.
    func difference(_ delta: Double, unit: String) -> String {
        let text = language.number(delta, decimals: Self.decimals(unit))
        return text.hasPrefix("-") || text.allSatisfy({ $0 == "0" || !$0.isNumber }) ? text : "+" + text
    }

    /// A flag worth showing beside a value (nothing for a normal value).
    func flag(_ status: ObsStatus) -> String { status == .normal ? "" : status.code }

    func country(_ code: String) -> String { language.code("counterpart_area", code, labels: labels) }

    /// The number formatter the charts print ticks with.
    func chartFormat(_ unit: String) -> @Sendable (Double) -> String {
        let language = language
        let decimals = unit == Unit.percent || unit == Unit.perThousand ? 0 : Self.decimals(unit)
        return { value in
            // Large axis values in thousands or millions would need words per language; whole
            // numbers with separators read unambiguously in both.
            language.number(value, decimals: abs(value) >= 10 ? 0 : decimals)
        }
    }
}
