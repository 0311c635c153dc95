import EMPCore
import EMPRead
import Foundation

/// A folder being written: files go into a staging folder beside the target, which replaces
/// the target only once every file is complete, so a failed run leaves the last good output.
public final class OutputFolder {
    public struct File: Sendable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public let target: String
    public let staging: String
    public private(set) var files: [File] = []

    public init(target: String) throws {
        self.target = target
        let parent = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        staging = "\(parent.isEmpty ? "." : parent)/.\(name).tmp-\(getpid())"
        let fm = FileManager.default
        if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
    }

    /// Writes `text` to `relative` inside the staging folder and records its hash.
    public func write(_ relative: String, _ text: String) throws {
        let data = Data(text.utf8)
        let url = URL(fileURLWithPath: "\(staging)/\(relative)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        files.append(File(path: relative, bytes: data.count, sha256: Digest.sha256Hex(data)))
    }

    /// A file to append to in the staging folder; `adopt` it once closed.
    public func stream(_ relative: String) throws -> TextFileWriter {
        try TextFileWriter(path: "\(staging)/\(relative)")
    }

    /// Records a file something else wrote into the staging folder (e.g. a quarantine file).
    public func adopt(_ relative: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(staging)/\(relative)"))
        files.append(File(path: relative, bytes: data.count, sha256: Digest.sha256Hex(data)))
    }

    /// Swaps the staging folder in for the target.
    public func commit() throws {
        let fm = FileManager.default
        let old = "\(staging).old"
        if fm.fileExists(atPath: target) { try fm.moveItem(atPath: target, toPath: old) }
        try fm.moveItem(atPath: staging, toPath: target)
        if fm.fileExists(atPath: old) { try fm.removeItem(atPath: old) }
    }

    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
