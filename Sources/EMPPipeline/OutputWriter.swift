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

    /// Computes and writes the indicators country by country; countries are computed a few at
    /// a time on `threads` threads (the cube is only read) and written in order.
    func writeIndicators(threads: Int, skillsAllAges: Bool) throws -> Int {
        let writer = try IndicatorWriter(folder: folder, cube: cube, names: iso.name)
        let engine = IndicatorEngine(cube: cube, skillsAllAges: skillsAllAges)
        let countries = cube.countries
        let batch = threads > 1 ? 8 : 1
        for start in stride(from: 0, to: countries.count, by: batch) {
            let slice = Array(countries[start..<min(start + batch, countries.count)])
            let rendered = ParallelMap.map(slice, threads: threads) { writer.render(country: $0, rows: engine.compute($0)) }
            for r in rendered { try writer.add(r) }
        }
        try writer.close()
        return writer.count
    }

    /// The measures table, quality report, quarantine files and the list of outputs.
    func write(_ result: inout RunResult) throws {
        if result.mode == .run, !measures.isEmpty { try folder.write("measures.csv", measures.csv()) }
        try folder.write("quality/report.json", QualityReport.json(result.sources))
        try folder.write("quality/summary.txt", QualityReport.text(result.sources))
        for s in result.sources where s.quarantined > 0 {
            let relative = "quality/quarantine/\(s.name).csv"
            if FileManager.default.fileExists(atPath: "\(folder.staging)/\(relative)") { try folder.adopt(relative) }
        }
        result.outputs = folder.files.map(\.path).sorted()
    }
}

/// Runs a function over a few items on up to `threads` threads; results in input order.
enum ParallelMap {
    static func map<T, R>(_ items: [T], threads: Int, _ f: (T) -> R) -> [R] {
        guard threads > 1, items.count > 1 else { return items.map(f) }
        var results = [R?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in stride(from: t, to: items.count, by: threads) { (base + i).pointee = f(items[i]) }
            }
        }
        return results.map { $0! }
    }
}
