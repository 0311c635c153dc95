import EMPCore
import EMPRead
import Foundation

// Helpers more than one test target needs. What only one target uses (a fixture bundle, the
// `emp` binary beside the end-to-end tests, an ingest of one shape) stays in that target.

/// The repository root (for the sample data in datasets/ and pipelines/, and README.md).
public let repositoryRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .path
}()

/// The countries and currencies of Debian's iso-codes, loaded once for every test.
public let iso = try! ISOCodes.load()

/// A fresh scratch folder under the temporary directory.
public func scratchDir(_ prefix: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// A file's text, or "" when there is none.
public func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

/// Rows of a CSV file keyed by its header, split by emp's own reader (libcsv); [] when the
/// file cannot be read.
public func csvRows(_ path: String) -> [[String: String]] {
    var records: [[String]] = []
    let read = try? CSVReader(path: path).read { records.append($0.fields.map { String(decoding: $0, as: UTF8.self) }) }
    guard read != nil, let header = records.first else { return [] }
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

/// A JSON object printed by emp (empty when it is not one).
public func jsonObject(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

/// Whether anything is at the path, a dangling link included (`lstat`).
public func pathExists(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0
}
