import EMPCore
import EMPIndicators
import Foundation

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

    /// The number formatter the charts print ticks with: as few decimals as the tick needs
    /// (ticks fall on 1, 2 or 5 × 10^k, so 0.5 needs one and 2,000 none).
    func chartFormat(_ unit: String) -> @Sendable (Double) -> String {
        let language = language
        return { value in
            let decimals = (0...3).first { d in
                let scaled = value * pow(10, Double(d))
                return abs(scaled - scaled.rounded()) < 1e-6 * max(1, abs(scaled))
            }
            return language.number(value, decimals: decimals ?? 3)
        }
    }
}
