import Foundation

/// The small code lists shipped with emp (ISCED, ISIC, ISCO, SDMX), read from the module's
/// resources. Countries and currencies come from `iso-codes`: see `ISOCodes`.
public final class CodeLists: @unchecked Sendable {
    public static let shared = CodeLists()

    public let obsStatus: [String: ObsStatus]
    public let obsStatusNames: [String: String]
    /// ISCED level or group → LOW / MID / HIGH.
    public let iscedGroup: [String: String]
    public let isicSections: [String: String]
    /// ISCO major or sub-major group → its major group.
    public let iscoMajor: [String: String]
    public let iscoNames: [String: String]
    public let sexCodes: Set<String>
    /// Aggregates (WLD, EU27_2020, income groups…) by code and by lower-cased name → kind.
    public let aggregates: [String: String]

    private init() {
        let status = CodeLists.rows("sdmx_obs_status")
        obsStatus = Dictionary(uniqueKeysWithValues: status.map {
            ($0[0], ObsStatus(code: $0[0], rank: Int($0[1]) ?? 0, isMissing: $0[2] == "true"))
        })
        obsStatusNames = Dictionary(uniqueKeysWithValues: status.map { ($0[0], $0[3]) })
        iscedGroup = Dictionary(uniqueKeysWithValues: CodeLists.rows("isced2011").map { ($0[0], $0[1]) })
        isicSections = Dictionary(uniqueKeysWithValues: CodeLists.rows("isic4_sections").map { ($0[0], $0[1]) })
        let isco = CodeLists.rows("isco08")
        iscoMajor = Dictionary(uniqueKeysWithValues: isco.map { ($0[0], $0[1]) })
        iscoNames = Dictionary(uniqueKeysWithValues: isco.map { ($0[0], $0[2]) })
        sexCodes = Set(CodeLists.rows("sdmx_sex").map { $0[0] })
        var agg: [String: String] = [:]
        for row in CodeLists.rows("aggregates") where row.count >= 3 {
            agg[row[0]] = row[2]
            agg[row[1].lowercased()] = row[2]
        }
        aggregates = agg
    }

    /// Data rows of a shipped list (header dropped). The files are ours and small, so a
    /// quote-aware split is enough here; user files go through libcsv.
    /// The kind of aggregate (`World Bank aggregate`, `Eurostat aggregate`…) when the text, a
    /// code or a name, is one.
    public func aggregate(_ text: String) -> String? { aggregates[text] ?? aggregates[text.lowercased()] }

    static func rows(_ name: String) -> [[String]] {
        guard let url = Bundle.module.url(forResource: "CodeLists/\(name)", withExtension: "csv")
                ?? Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "CodeLists"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("emp is installed without its code list \(name).csv (a packaging bug)")
        }
        return text.split(separator: "\n").dropFirst().map { splitLine(String($0)) }
    }

    static func splitLine(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted {
                fields.append(current); current = ""
            } else { current.append(ch) }
        }
        fields.append(current)
        return fields
    }
}
