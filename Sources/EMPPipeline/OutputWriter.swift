import EMPAggregate
import EMPCore
import EMPEmit
import EMPIndicators
import Foundation

/// Writes the quality report and quarantine files of a run and lists its outputs.
struct OutputWriter {
    let folder: OutputFolder
    let iso: ISOCodes

    /// The quality report, the quarantine files (written by the ingest of each source read in
    /// this run, or kept in the store for the others) and the list of outputs.
    func writeQuality(_ result: inout RunResult) throws {
        try folder.write("quality/report.json", QualityReport.json(result.sources, warnings: result.warnings))
        try folder.write("quality/summary.txt", QualityReport.text(result.sources, warnings: result.warnings))
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
