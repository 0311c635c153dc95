/// An SDMX CL_OBS_STATUS code. `rank` orders how much a flag weakens a value: a derived value
/// carries the highest-ranked flag of its inputs (B, a break, outranks all).
public struct ObsStatus: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let code: String
    public let rank: Int
    public let isMissing: Bool

    public static let normal = ObsStatus(code: "A", rank: 0, isMissing: false)
    public static let missing = ObsStatus(code: "O", rank: 0, isMissing: true)

    public var description: String { code }

    /// Looks a code up in the shipped SDMX list; Eurostat's lower-case flags map to SDMX
    /// (b→B, e→E, p→P, …; old `s`→I, `z`→M) as in Eurostat's 2025 flag reform.
    public static func parse(_ raw: String) -> ObsStatus? {
        // Eurostat combines flags (`bp`, `bep`): the value carries the worst of them.
        if raw.count > 1, raw.allSatisfy({ $0.isLowercase && $0.isASCII }) {
            var worst: ObsStatus?
            for ch in raw {
                guard let s = parse(String(ch)) else { return nil }
                worst = worst.map { ObsStatus.worst($0, s) } ?? s
            }
            return worst
        }
        let eurostat: [String: String] = ["s": "I", "z": "M", "c": "Q"]
        var code = raw
        if raw.count == 1, raw.lowercased() == raw, raw.uppercased() != raw {
            code = eurostat[raw] ?? raw.uppercased()
        }
        return CodeLists.shared.obsStatus[code]
    }

    /// The flag a derived value carries: the worst of its inputs.
    public static func worst(_ a: ObsStatus, _ b: ObsStatus) -> ObsStatus {
        if b.rank > a.rank { return b }
        if b.rank == a.rank && b.code < a.code && b.rank > 0 { return b }
        return a
    }

    public static func < (a: ObsStatus, b: ObsStatus) -> Bool {
        a.rank != b.rank ? a.rank < b.rank : a.code < b.code
    }
}
