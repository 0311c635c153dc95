import EMPCore
import EMPIndicators

/// `profiles/<ISO3>.json`: everything emp knows about one country.
public struct ProfileFormat: OutputFormat {
    public init() {}
    public var name: String { "profiles" }
    public var files: String { "profiles/<ISO3>.json" }
    public var summary: String { "one JSON document per country: its years, coverage per domain and every value" }

    public func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink {
        FilePerCountrySink(folder: folder, directory: "profiles", fileExtension: "json")
    }

    public func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8] {
        let rows = country.rows, years = country.result.years
        // Values at full precision (the tables round them).
        let values = rows.map { ValueFormat.exact($0.value, unit: $0.unit) }
        var coverage: [(String, JSONValue)] = []
        for domain in Domain.allCases where !domain.isReference && domain != .microdata && domain != .measures {
            let covered = years.filter { country.result.domains[$0]?.contains(domain) == true }
            coverage.append((domain.rawValue, .array(covered.map { .int($0) })))
        }
        // The head is small and goes through JSONValue; the indicators (thousands of values)
        // are written straight into the buffer in exactly the layout JSONValue would give.
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 160 + 4096)
        out += "{\n  \"ref_area\": ".utf8
        JSONValue.string(country.country).render(into: &out, indent: 1)
        out += ",\n  \"name\": ".utf8
        JSONValue.string(country.name).render(into: &out, indent: 1)
        out += ",\n  \"years\": ".utf8
        JSONValue.array(years.map { .int($0) }).render(into: &out, indent: 1)
        out += ",\n  \"coverage\": ".utf8
        JSONValue.object(coverage).render(into: &out, indent: 1)
        out += ",\n  \"indicators\": ".utf8
        if rows.isEmpty {
            out += "{}".utf8
        } else {
            out += "{\n".utf8
            for (i, (r, v)) in zip(rows, values).enumerated() {
                if i == 0 || rows[i - 1].indicator != r.indicator {
                    if i > 0 { out += "\n    ],\n".utf8 }
                    out += "    ".utf8
                    JSONValue.quote(r.indicator, into: &out)
                    out += ": [\n".utf8
                } else {
                    out += ",\n".utf8
                }
                Self.item(r, v, into: &out)
            }
            out += "\n    ]\n  }".utf8
        }
        out += "\n}\n".utf8
        return out
    }

    /// One value as a JSON object at depth 3 (as `JSONValue.object` renders it there).
    static func item(_ r: IndicatorValue, _ v: String, into out: inout [UInt8]) {
        func field(_ key: String, _ text: String, quoted: Bool) {
            out += ",\n        \"".utf8
            out += key.utf8
            out += "\": ".utf8
            if quoted { JSONValue.quote(text, into: &out) } else { out += text.utf8 }
        }
        out += "      {\n        \"time_period\": ".utf8
        out += String(r.year).utf8
        if r.sex != "_T" { field("sex", r.sex, quoted: true) }
        if r.counterpart != "_T" { field("counterpart_area", r.counterpart, quoted: true) }
        if r.sector != "_Z" { field("sector", r.sector, quoted: true) }
        if r.rank != "_Z" { field("rank", String(Int(r.rank) ?? 0), quoted: false) }
        field("obs_value", v.isEmpty ? "null" : v, quoted: false)
        field("unit_measure", r.unit, quoted: true)
        field("obs_status", r.status.code, quoted: true)
        out += "\n      }".utf8
    }
}
