import Foundation

/// ISO 3166-1 countries and ISO 4217 currencies from Debian's `iso-codes` JSON files.
public struct ISOCodes: Sendable {
    public struct Country: Sendable, Decodable {
        public let alpha_2: String
        public let alpha_3: String
        public let numeric: String
        public let name: String
        public let common_name: String?
        public var official_name: String? = nil
        public var displayName: String { common_name ?? name }
    }
    struct Currency: Decodable { let alpha_3: String }

    public static let defaultDirectory = "/usr/share/iso-codes/json"

    public let countries: [String: Country]  // by alpha-3
    let toAlpha3: [String: String]  // alpha-2, numeric and alpha-3 → alpha-3
    private let byName: [String: String]  // folded name, common or official name → alpha-3
    public let currencies: Set<String>
    /// ISO 3166-3 codes of countries that no longer exist (ANT, SCG, YUG…) → `name, withdrawn date`.
    public private(set) var former: [String: String] = [:]

    public enum LoadError: Error, CustomStringConvertible {
        case missing(String), unreadable(String, String)
        public var description: String {
            switch self {
            case .missing(let path):
                return
                    "country and currency codes not found at \(path): install Debian's iso-codes package (apt-get "
                    + "install iso-codes) or set EMP_ISO_CODES_DIR"
            case .unreadable(let path, let why):
                return "cannot read \(path): \(why)"
            }
        }
    }

    /// Eurostat writes Greece and the United Kingdom as EL and UK; older World Bank and UN
    /// files write Kosovo as KSV.
    static let eurostatAliases = ["EL": "GRC", "UK": "GBR", "KSV": "XKX"]
    /// Kosovo has no ISO 3166-1 code; the World Bank (XKX) and Eurostat (XK) use the
    /// user-assigned ones, and emp accepts them as a country.
    static let kosovo = Country(alpha_2: "XK", alpha_3: "XKX", numeric: "", name: "Kosovo", common_name: nil)

    public static func load(directory: String? = nil) throws -> ISOCodes {
        let dir = directory ?? ProcessInfo.processInfo.environment["EMP_ISO_CODES_DIR"] ?? defaultDirectory
        struct Countries: Decodable { let list: [Country]; enum CodingKeys: String, CodingKey { case list = "3166-1" } }
        struct Currencies: Decodable { let list: [Currency]; enum CodingKeys: String, CodingKey { case list = "4217" } }
        let countries: Countries = try decode("\(dir)/iso_3166-1.json")
        let currencies: Currencies = try decode("\(dir)/iso_4217.json")
        var codes = ISOCodes(countries: countries.list, currencies: currencies.list.map(\.alpha_3))
        struct Withdrawn: Decodable {
            let alpha_2: String?; let alpha_3: String?; let name: String; let withdrawal_date: String?
        }
        struct Former: Decodable { let list: [Withdrawn]; enum CodingKeys: String, CodingKey { case list = "3166-3" } }
        if let former: Former = try? decode("\(dir)/iso_3166-3.json") {
            for c in former.list {
                let label = c.name + (c.withdrawal_date.map { ", withdrawn \($0)" } ?? "")
                for code in [c.alpha_3, c.alpha_2].compactMap({ $0 }) where codes.toAlpha3[code] == nil {
                    codes.former[code] = label
                }
            }
        }
        return codes
    }

    private static func decode<T: Decodable>(_ path: String) throws -> T {
        guard FileManager.default.fileExists(atPath: path) else { throw LoadError.missing(path) }
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw LoadError.unreadable(path, "\(error)")
        }
    }

    init(countries list: [Country], currencies: [String]) {
        var byAlpha3: [String: Country] = [:], map: [String: String] = [:]
        var names: [String: String] = [:]
        for c in list + [ISOCodes.kosovo] {
            for n in [c.name, c.common_name, c.official_name].compactMap({ $0 }) { names[ISOCodes.fold(n)] = c.alpha_3 }
            byAlpha3[c.alpha_3] = c
            map[c.alpha_3] = c.alpha_3
            map[c.alpha_2] = c.alpha_3
            if !c.numeric.isEmpty { map[c.numeric] = c.alpha_3 }
        }
        for (alias, target) in ISOCodes.eurostatAliases where map[alias] == nil { map[alias] = target }
        countries = byAlpha3
        toAlpha3 = map
        byName = names
        self.currencies = Set(currencies)
    }

    /// Alpha-3 for an alpha-2, alpha-3 or numeric code (`498`, `'498`, `4` → `004`); nil if unknown.
    public func alpha3(_ raw: String) -> String? {
        var code = raw
        if code.hasPrefix("'") { code.removeFirst() }
        if let hit = toAlpha3[code] { return hit }
        if !code.isEmpty, code.count < 3, code.allSatisfy(\.isASCIIDigitChar) {
            return toAlpha3[String(repeating: "0", count: 3 - code.count) + code]
        }
        return nil
    }

    /// Alpha-3 for a country name as iso-codes writes it (name, common or official name),
    /// ignoring case and accents: `Czechia`, `Czech Republic`, `Türkiye`/`turkiye`.
    public func alpha3(name: String) -> String? { byName[ISOCodes.fold(name)] }

    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).trimmingCharacters(in: .whitespaces)
    }

    public func name(_ alpha3: String) -> String { countries[alpha3]?.displayName ?? alpha3 }
}

extension Character {
    var isASCIIDigitChar: Bool { ("0"..."9").contains(self) }
}
