import EMPAggregate
import EMPCore
import EMPEmit
import EMPIndicators
import Foundation

/// Writes the tables, profiles and quality report of a run into its output folder.
struct OutputWriter {
    let folder: OutputFolder
    let iso: ISOCodes
    let cube: Cube
    let measures: MeasureTable

    func write(_ result: inout RunResult) throws {
        if result.mode == .run {
            try folder.write("indicators.csv", IndicatorTables.long(result.indicators))
            try folder.write("indicators_wide.csv", IndicatorTables.wide(result.indicators, names: iso.name))
            if !measures.isEmpty { try folder.write("measures.csv", measures.csv()) }
            let byCountry = Dictionary(grouping: result.indicators, by: \.refArea)
            for country in result.countries {
                try folder.write("profiles/\(country).json",
                                 ProfileDocument.render(country: country, name: iso.name(country), rows: byCountry[country] ?? [], cube: cube))
            }
        }
        try folder.write("quality/report.json", QualityReport.json(result.sources))
        try folder.write("quality/summary.txt", QualityReport.text(result.sources))
        for s in result.sources where s.quarantined > 0 {
            let relative = "quality/quarantine/\(s.name).csv"
            if FileManager.default.fileExists(atPath: "\(folder.staging)/\(relative)") { try folder.adopt(relative) }
        }
        result.outputs = folder.files.map(\.path).sorted()
    }
}
