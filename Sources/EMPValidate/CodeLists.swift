import EMPCore
import Foundation
import EMPRead

/// The small code lists shipped with emp (ISCED, ISIC, ISCO, SDMX), read from EMPCore's
/// resources. Countries and currencies come from `iso-codes`: see `ISOCodes`.
///
/// They are parsed here rather than in EMPCore, which ships them: the lists are CSV files and
/// emp's one CSV parser (libcsv, EMPRead) sits above the model. EMPValidate is the lowest
/// module with EMPRead below it that needs them (the code checks); the store reads flags
/// back through it too. The dependency stays one way: Core (files) ← Read (libcsv) ← Validate.
public final class CodeLists: Sendable {
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
        obsStatus = Dictionary(
            uniqueKeysWithValues: status.map {
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

    /// The kind of aggregate (`World Bank aggregate`, `Eurostat aggregate`…) when the text, a
    /// code or a name, is one.
    public func aggregate(_ text: String) -> String? {
        if let kind = aggregates[text] ?? aggregates[text.lowercased()] { return kind }
        // UN files write numeric codes, often without their leading zeros (`2` is Africa, 002).
        let digits = text.hasPrefix("'") ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits)
        else { return nil }
        if let kind = aggregates[String(format: "%03d", n)] { return kind }
        // ISO 3166-1 numeric codes end at 894: from 900 up (World 900, development groups
        // 901-957, income groups 1500-1518, SDG regions 1828-1835, LLDC/SIDS 5500-5501) they are
        // UN aggregates (UN DESA's International Migrant Stock and World Population Prospects).
        return n >= 900 ? "UN aggregate" : nil
    }

    /// Data rows of a shipped list (header dropped), read like any source file.
    static func rows(_ name: String) -> [[String]] {
        var rows: [[String]] = []
        do {
            try CSVReader(path: CodeListFiles.path(name)).read { record in
                rows.append(record.fields.map { String(decoding: $0, as: UTF8.self) })
            }
        } catch {
            preconditionFailure("emp cannot read its code list \(name).csv: \(error) (a packaging bug)")
        }
        return Array(rows.dropFirst())
    }
}

extension ObsStatus {
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
}
