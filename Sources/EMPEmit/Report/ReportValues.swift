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

    /// A value to the decimals of its unit; a small non-zero share or rate gets the decimals
    /// that show its first two digits (0.034, not 0.0, which would read as none).
    func number(_ value: Double?, unit: String) -> String {
        guard let value else { return "–" }
        var decimals = Self.decimals(unit)
        if decimals > 0, value != 0, abs(value) < 0.1 {
            decimals = min(6, max(decimals, 1 - Int(floor(log10(abs(value))))))
        }
        return language.number(value, decimals: decimals)
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

    /// The number formatter of the charts' ticks and points: as few decimals as the number
    /// needs (ticks fall on 1, 2 or 5 × 10^k: 0.5 needs one, 2,000 none), at most the unit's
    /// (a point of 15.999 % reads 16.0) but for ticks finer than that.
    func chartFormat(_ unit: String) -> @Sendable (Double) -> String {
        let language = language, most = max(Self.decimals(unit), 1)
        return { value in
            let decimals = (0...most).first { d in
                let scaled = value * pow(10, Double(d))
                return abs(scaled - scaled.rounded()) < 1e-6 * max(1, abs(scaled))
            }
            return language.number(value, decimals: decimals ?? most)
        }
    }
}
