import EMPIndicators
import Foundation

/// How numbers are written: counts and money to the cent, ratios to six decimals, trailing
/// zeros dropped. Fixed rounding keeps the bytes identical from run to run.
public enum ValueFormat {
    public static func decimals(for unit: String) -> Int {
        switch unit {
        case Unit.persons, Unit.usd: return 2
        case Unit.count: return 0
        default: return 6
        }
    }

    public static func format(_ value: Double?, unit: String) -> String {
        guard let value, value.isFinite else { return "" }
        var s = String(format: "%.\(decimals(for: unit))f", value)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }
}
