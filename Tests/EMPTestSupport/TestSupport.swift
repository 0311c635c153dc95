import EMPCore
import Foundation

// Helpers more than one test target needs. What only one target uses (a fixture bundle, the
// `emp` binary beside the end-to-end tests, an ingest of one shape) stays in that target.

/// The repository root (for the sample data in datasets/ and pipelines/, and README.md).
public let repositoryRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
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

/// Rows of a simple CSV (no quoted commas in the columns tests look at), keyed by header.
public func csvRows(_ path: String) -> [[String: String]] {
    let lines = read(path).split(separator: "\n").map(String.init)
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
    return lines.dropFirst().map { line in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(header, fields))
    }
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
