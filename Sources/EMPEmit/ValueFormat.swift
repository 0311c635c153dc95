import CEMPSystem
import EMPCore
import EMPIndicators
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How numbers are written: counts and money to the cent, ratios to six decimals, trailing
/// zeros dropped. printf's correctly rounded `%.Nf` keeps the bytes identical from run to run.
public enum ValueFormat {
    public static func decimals(for unit: String) -> Int {
        switch unit {
        case Unit.persons, Unit.usd: return 2
        case Unit.count: return 0
        default: return 6
        }
    }

    /// The JSON profiles: counts and money as in the tables; ratios at full precision, the
    /// shortest decimal that reads back to the same double (deterministic), so a machine
    /// reading a profile loses nothing to rounding.
    public static func exact(_ value: Double?, unit: String) -> String {
        guard let value, value.isFinite else { return "" }
        if decimals(for: unit) != 6 { return format(value, unit: unit) }
        if value == 0 { return "0" }
        var s = "\(value)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    /// The value in cents when it is within a millionth of a cent of a whole number of cents:
    /// then `%.2f` would print exactly those cents, so they can be printed as an integer.
    static func wholeCents(_ value: Double) -> Int64? {
        let x = value * 100
        let n = x.rounded()
        guard abs(n) < 1e15, abs(x - n) < 1e-6 else { return nil }
        return Int64(n)
    }

    /// Cents as `%.2f` with trailing zeros trimmed: 12345 → "123.45", 12340 → "123.4", 12300 → "123".
    static func centsText(_ cents: Int64) -> String {
        let whole = cents / 100, frac = abs(cents % 100)
        let sign = cents < 0 && whole == 0 ? "-" : ""
        if frac == 0 { return "\(whole)" }
        if frac % 10 == 0 { return "\(sign)\(whole).\(frac / 10)" }
        return "\(sign)\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// `%.Nf` through the C library directly (Foundation's String(format:) is ten times
    /// slower), trailing zeros trimmed in the buffer.
    public static func format(_ value: Double?, unit: String) -> String {
        guard let value, value.isFinite else { return "" }
        let decimals = decimals(for: unit)
        if decimals == 2, let cents = wholeCents(value) { return centsText(cents) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 400) { buf in
            let p = buf.baseAddress!
            var n = Int(
                emp_format_fixed(
                    UnsafeMutableRawPointer(p).assumingMemoryBound(to: CChar.self), 400, Int32(decimals), value))
            n = min(max(n, 0), 399)
            if decimals > 0 {
                while n > 0, p[n - 1] == UInt8(ascii: "0") { n -= 1 }
                if n > 0, p[n - 1] == UInt8(ascii: ".") { n -= 1 }
            }
            if n == 2, p[0] == UInt8(ascii: "-"), p[1] == UInt8(ascii: "0") { return "0" }
            return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        }
    }
}

extension ValueFormat {
    /// `%.*f` of the value, trailing zeros kept (the report prints a fixed number of decimals).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buf in
            let n = min(max(Int(emp_format_fixed(buf.baseAddress!, 400, Int32(decimals), value)), 0), 399)
            return String(decoding: UnsafeRawBufferPointer(start: buf.baseAddress!, count: n), as: UTF8.self)
        }
    }
}
