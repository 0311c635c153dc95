/// An SDMX CL_CONF_STATUS code, the confidentiality of a published value (the `CONF_STATUS`
/// attribute, `conf_status` in `indicators.csv`). SDMX keeps it apart from OBS_STATUS, whose
/// list has no code for it: a value withheld for confidentiality is OBS_STATUS Q (missing
/// value; suppressed) with CONF_STATUS C or D saying why.
public enum Confidentiality: String, Sendable, Comparable, CaseIterable {
    /// F: free, published as it is.
    case free = "F"
    /// D: secondary confidentiality set by the sender, withheld so that no C value can be
    /// derived from the published ones.
    case secondary = "D"
    /// C: confidential statistical information, withheld for itself (too few records behind it).
    case primary = "C"

    public var code: String { rawValue }

    /// The codes with their CL_CONF_STATUS names, in the order the structure lists them.
    public static let names: [(String, String)] = [
        ("F", "Free"), ("C", "Confidential statistical information"),
        ("D", "Secondary confidentiality set by the sender, not for publication"),
    ]

    private var order: Int {
        switch self {
        case .free: return 0
        case .secondary: return 1
        case .primary: return 2
        }
    }

    /// Primary outranks secondary: a value built on both is withheld for a value of its own.
    public static func < (a: Confidentiality, b: Confidentiality) -> Bool { a.order < b.order }
}

extension ObsStatus {
    /// Q: missing value; suppressed (SDMX CL_OBS_STATUS), what a withheld value carries.
    public static let suppressed = ObsStatus(code: "Q", rank: 0, isMissing: true)
}

/// Disclosure control for values built from microdata (pipeline `disclosure:`): a value whose
/// unweighted record count is below `minRecords` is withheld (primary, CONF_STATUS C), and
/// enough other cells of its breakdown with it (secondary, D) that it cannot be derived from
/// the breakdown's total and the cells still published. `minRecords` 0 turns it off.
public struct DisclosureRule: Sendable, Equatable {
    public var minRecords: Int

    /// 5 records, on by default for microdata: a threshold rule of the common kind for survey
    /// tables (3 to 10 is the usual range); below it a cell is a handful of people a reader
    /// might identify. A statistics office expects record-level data to be protected unless a
    /// pipeline says otherwise (`disclosure: off`).
    public static let defaultMinRecords = 5
    public static let off = DisclosureRule(minRecords: 0)

    public init(minRecords: Int) { self.minRecords = minRecords }

    /// A threshold of 1 withholds nothing: every cell has at least one record.
    public var isOn: Bool { minRecords > 1 }

    /// A cell of 1 to `minRecords - 1` records. An empty cell reveals no one: it is not withheld.
    public func isSensitive(_ records: Int) -> Bool { records > 0 && records < minRecords }
}
