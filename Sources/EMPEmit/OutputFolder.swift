import CEMPSystem
import EMPCore
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
        // lstat: a link left at the staging name is removed, never followed.
        if PathEntry.at(staging) != .nothing { try fm.removeItem(atPath: staging) }
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
    }

    /// Writes `text` to `relative` inside the staging folder and records its hash.
    public func write(_ relative: String, _ text: String) throws {
        try write(relative, data: Data(text.utf8))
    }

    /// Writes bytes to `relative`; `record: false` leaves it for `adopt`.
    public func write(_ relative: String, data: Data, record: Bool = true) throws {
        let url = URL(fileURLWithPath: "\(staging)/\(relative)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        if record { files.append(File(path: relative, bytes: data.count, sha256: Digest.sha256Hex(data))) }
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

    /// Swaps the staging folder in for the target in one step (Linux `renameat2` with
    /// RENAME_EXCHANGE), so the target is at every instant either the old folder or the new
    /// one; then removes the old one. Where the file system cannot exchange, the old folder is
    /// first renamed aside (`.<name>.old`) and `recover` puts it back if emp dies in between.
    public func commit() throws {
        let fm = FileManager.default
        guard PathEntry.at(target) != .nothing else { try fm.moveItem(atPath: staging, toPath: target); return }
        if emp_exchange_paths(staging, target) == 0 {
            try fm.removeItem(atPath: staging)
            return
        }
        let old = OutputFolder.aside(target)
        if PathEntry.at(old) != .nothing { try fm.removeItem(atPath: old) }
        try fm.moveItem(atPath: target, toPath: old)
        try fm.moveItem(atPath: staging, toPath: target)
        try fm.removeItem(atPath: old)
    }

    static func aside(_ target: String) -> String {
        let parent = (target as NSString).deletingLastPathComponent
        return "\(parent.isEmpty ? "." : parent)/.\((target as NSString).lastPathComponent).old"
    }

    /// Cleans up after a run that was killed: puts back an old folder left aside, removes
    /// staging folders. Call it only while holding the store lock (no other run is writing).
    public static func recover(target: String) {
        let fm = FileManager.default
        let parent = (target as NSString).deletingLastPathComponent, name = (target as NSString).lastPathComponent
        let old = aside(target)
        if fm.fileExists(atPath: old) {
            if fm.fileExists(atPath: target) {
                try? fm.removeItem(atPath: old)
            } else {
                try? fm.moveItem(atPath: old, toPath: target)
            }
        }
        let dir = parent.isEmpty ? "." : parent
        for entry in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where entry.hasPrefix(".\(name).tmp-") {
            // A live emp's staging folder (a run of another store on the same folder) is its own.
            if let pid = Int32(entry.dropFirst(".\(name).tmp-".count)), pid != getpid(), LiveProcess.isEmp(pid) {
                continue
            }
            try? fm.removeItem(atPath: "\(dir)/\(entry)")
        }
    }

    /// The run id `target`'s run.json names (nil: none).
    public static func runID(in target: String) -> Int64? {
        (manifest(target)?["run_id"] as? NSNumber)?.int64Value
    }

    static func manifest(_ target: String) -> [String: Any]? {
        FileManager.default.contents(atPath: "\(target)/run.json").flatMap {
            try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
        }
    }

    /// Whether `target` holds the complete outputs of store run `runID`: its run.json names
    /// that run and every output it lists is there with its size.
    public static func holds(target: String, runID: Int64) -> Bool {
        guard let doc = manifest(target), (doc["run_id"] as? NSNumber)?.int64Value == runID,
            let outputs = doc["outputs"] as? [[String: Any]]
        else { return false }
        for o in outputs {
            guard let path = o["path"] as? String, let bytes = (o["bytes"] as? NSNumber)?.intValue,
                let attributes = try? FileManager.default.attributesOfItem(atPath: "\(target)/\(path)"),
                (attributes[.size] as? NSNumber)?.intValue == bytes
            else { return false }
        }
        return true
    }

    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
