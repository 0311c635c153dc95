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

    /// `%.Nf` through the C library directly (Foundation's String(format:) is ten times
    /// slower), trailing zeros trimmed in the buffer.
    public static func format(_ value: Double?, unit: String) -> String {
        guard let value, value.isFinite else { return "" }
        let decimals = decimals(for: unit)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 400) { buf in
            let p = buf.baseAddress!
            var n = Int(withVaList([Int32(decimals), value]) { vsnprintf(UnsafeMutableRawPointer(p).assumingMemoryBound(to: CChar.self), 400, "%.*f", $0) })
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
