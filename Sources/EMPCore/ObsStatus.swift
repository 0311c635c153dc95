/// An SDMX CL_OBS_STATUS code. `rank` orders how much a flag weakens a value: a derived value
/// carries the highest-ranked flag of its inputs (B, a break, outranks all).
public struct ObsStatus: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let code: String
    public let rank: Int
    public let isMissing: Bool

    public init(code: String, rank: Int, isMissing: Bool) {
        self.code = code
        self.rank = rank
        self.isMissing = isMissing
    }

    public static let normal = ObsStatus(code: "A", rank: 0, isMissing: false)
    public static let missing = ObsStatus(code: "O", rank: 0, isMissing: true)
    /// M: a value that cannot exist (a rate over a zero denominator). The three flags the model
    /// names itself; every other one is read from the shipped list (`ObsStatus.parse`, EMPValidate).
    public static let cannotExist = ObsStatus(code: "M", rank: 0, isMissing: true)

    public var description: String { code }

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
