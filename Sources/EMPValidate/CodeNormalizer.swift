import EMPCore

/// Turns a field's text into its canonical code, or says why it cannot.
public struct CodeNormalizer: Sendable {
    public let iso: ISOCodes
    let lists = CodeLists.shared

    /// The pipeline's `country_names` table: a name as files write it → a country code.
    let countryNames: [String: String]

    public init(iso: ISOCodes, countryNames: [String: String] = [:]) {
        self.iso = iso
        self.countryNames = countryNames
    }

    static let sexAliases: [String: String] = [
        "f": "F", "female": "F", "women": "F", "woman": "F", "females": "F", "2": "F",
        "m": "M", "male": "M", "men": "M", "man": "M", "males": "M", "1": "M",
        "t": "_T", "total": "_T", "_t": "_T", "both sexes": "_T", "all": "_T",
        "u": "_U", "unknown": "_U", "_u": "_U", "not stated": "_U",
        "n": "_Z", "_z": "_Z", "not applicable": "_Z",
    ]
    static let reasonAliases = [
        "ASYLUM": "HUMANITARIAN", "REFUGEE": "HUMANITARIAN", "OTHER_PROTECTION": "HUMANITARIAN",
    ]
    /// Eurostat's spellings of the protection statuses (asyl_app, decision) and of returns.
    static let statusAliases = ["ASY_APP": "APP", "TOTAL_POS": "DEC_POS", "REJECTED": "DEC_REJ"]
    static let returnAliases = ["AVR": "ASSISTED", "AVRR": "ASSISTED", "DEPORTED": "FORCED", "ENFORCED": "FORCED"]
    static let durations: Set<String> = ["LT3M", "M3-11", "GE12M", "_T", "_U", "_Z"]
    static let specialPartners: Set<String> = ["_T", "_U", "_O"]

    /// A code (alpha-3, alpha-2, numeric, `'004`, EL/UK, XKX), else a name from the pipeline's
    /// `country_names`, else a name as iso-codes writes it.
    public func refArea(_ s: String) -> String? {
        if let code = iso.alpha3(s) { return code }
        if let mapped = countryNames[s] { return iso.alpha3(mapped) }
        return s.count > 3 ? iso.alpha3(name: s) : nil
    }

    public func partner(_ s: String) -> String? {
        CodeNormalizer.specialPartners.contains(s) ? s : refArea(s)
    }

    /// The kind of aggregate (`World Bank aggregate`…) when the text is a regional, income-group
    /// or union aggregate, not a country.
    public func aggregate(_ s: String) -> String? {
        iso.alpha3(s) == nil ? lists.aggregate(s) : nil
    }

    public func sex(_ s: String) -> String? {
        if lists.sexCodes.contains(s) { return s }
        return CodeNormalizer.sexAliases[s.lowercased()]
    }

    public func age(_ s: String) -> String? {
        if s == "_T" || s == "_U" { return s }
        guard s.hasPrefix("Y") else { return nil }
        let rest = s.dropFirst()
        if rest.hasPrefix("_GE") || rest.hasPrefix("_LT") {
            return NumberParser.wholeNumber(String(rest.dropFirst(3))) != nil ? s : nil
        }
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = NumberParser.wholeNumber(String(parts[0])),
            let hi = NumberParser.wholeNumber(String(parts[1])), lo <= hi
        else { return nil }
        return s
    }

    public func education(_ s: String) -> String? {
        switch s {
        case "_T", "_U": return s
        case "ED0-2": return "LOW"
        case "ED3_4", "ED3-4": return "MID"
        case "ED5-8": return "HIGH"
        default: return lists.iscedGroup[s] != nil ? s : nil
        }
    }

    public func duration(_ s: String) -> String? {
        if s == "M3_11" { return "M3-11" }
        return CodeNormalizer.durations.contains(s) ? s : nil
    }

    /// A reason code of the domain's list (`Domain.reasonCodes`): migration reasons for flows,
    /// statuses for `protection`, ways home for `returns`. An alias of one domain is not a code
    /// of another (`REFUGEE` is HUMANITARIAN in a flow, not REF).
    public func reason(_ s: String, in domain: Domain = .inflows) -> String? {
        let aliases: [String: String]
        switch domain {
        case .protection: aliases = CodeNormalizer.statusAliases
        case .returns: aliases = CodeNormalizer.returnAliases
        default: aliases = CodeNormalizer.reasonAliases
        }
        if let alias = aliases[s] { return alias }
        return domain.reasonCodes.contains(s) ? s : nil
    }

    /// `_Z` (not applicable) is for people with no job, e.g. students in microdata: they are
    /// kept out of both the known and the unknown denominators.
    public func sector(_ s: String) -> String? {
        (s == "_T" || s == "_U" || s == "_Z" || lists.isicSections[s] != nil) ? s : nil
    }

    public func occupation(_ s: String) -> String? {
        (s == "_T" || s == "_U" || s == "_Z" || lists.iscoMajor[s] != nil) ? s : nil
    }

    public func currency(_ s: String) -> String? { iso.currencies.contains(s) ? s : nil }

    /// UN 1998 Rev.1 bands from a stay in whole months.
    public static func durationBand(months: Int) -> String {
        months < 3 ? "LT3M" : months < 12 ? "M3-11" : "GE12M"
    }
}
