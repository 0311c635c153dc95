import EMPCore
import EMPIndicators
import EMPRead
import Foundation

/// What, besides a country's inputs, decides its published values and bytes: the indicator
/// catalogue, the engine's version and the output formats. It is part of every country's
/// digest and of the release's, so a new emp recomputes (incrementally) what its code
/// changes, and says so, instead of keeping renderings an older emp made.
enum ComputeVersion {
    /// Raise when a change to the engine or the writers changes values or bytes without
    /// changing the catalogue's text.
    /// engine 2: series trimmed to their first and last value (no placeholder rows); profile 2:
    /// self-describing profiles; wide 2: names and unit labels in the wide table; units 2: one
    /// unit vocabulary (`UnitCodes`); engine 3 (issue 13): coverage counts only domains with a
    /// value, partners at 0 do not rank in the top 5, measures.csv writes E notation in full;
    /// measures 2: measures.csv writes series from their first observation to their last;
    /// engine 4: `coverage_domains` runs from the first year with data to the last; engine 5
    /// (issue 14): corridor costs reach the cube (SDG 10.c.1), growth over the span and partner
    /// concentration, the PP unit; engine 6 (issue 14): refugees, asylum and return migration
    /// (domains protection and returns); engine 7 (issue 14): disclosure control of microdata
    /// values, CONF_STATUS in indicators.csv and SDMX; engine 8 (issue 14): the brain drain
    /// (emigration rate of the tertiary educated, domain population_by_education).
    static let engine = "engine 8; profile 2; wide 2; units 2; measures 2"
    static let formats = [
        "indicators.csv", "indicators_wide.csv", "profiles/<ISO3>.json", "measures.csv", "changes.csv",
        "sdmx/data.csv", "sdmx/structure.xml", "sdg/data.csv",
    ]

    /// `EMP_CATALOGUE_WITHOUT=id,id` (tests only): computes as an older emp without those
    /// indicators would, so an upgrade can be simulated on one build.
    static let withheld: Set<String> = Set(
        (ProcessInfo.processInfo.environment["EMP_CATALOGUE_WITHOUT"] ?? "")
            .split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })

    static let digest: String = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let catalogue = Catalogue.all.filter { !withheld.contains($0.id) }
        let json = (try? encoder.encode(catalogue)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Digest.sha256Hex(fields: [
            // The version is written in the profiles: a new emp renders every country again.
            engine, PipelineRunner.version, formats.joined(separator: ","), json,
            withheld.sorted().joined(separator: ","),
        ])
    }()

    /// The engine's rows less the withheld indicators.
    static func published(_ rows: [IndicatorValue]) -> [IndicatorValue] {
        withheld.isEmpty ? rows : rows.filter { !withheld.contains($0.indicator) }
    }
}
