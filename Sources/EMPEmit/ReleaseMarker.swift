import EMPCore
import Foundation

/// `.emp-release`: the small file that makes a folder emp's. emp replaces its output folders
/// whole (the staging swap), so it writes only into a folder it created, one holding this
/// marker, or an empty one; anything else at the path is refused before anything is touched.
/// A release's marker names the store that published it (path and identity), so a release
/// moved, re-linked or paired with another store is detected instead of silently re-based.
public struct ReleaseMarker: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// An `emp run` release.
        case release
        /// `emp validate`'s report folder.
        case validation
        /// `<output>-failed`: the quality report of the last run that published nothing.
        case failedRun = "failed-run"

        var what: String {
            switch self {
            case .release: return "an emp release"
            case .validation: return "an emp validation report"
            case .failedRun: return "the report of a failed emp run"
            }
        }
    }

    public static let fileName = ".emp-release"

    public var kind: Kind
    /// The store's absolute path and identity (releases and failed-run reports).
    public var store: String?
    public var storeID: String?

    public init(kind: Kind, store: String? = nil, storeID: String? = nil) {
        (self.kind, self.store, self.storeID) = (kind, store, storeID)
    }

    /// The marker's bytes: the same for every run of the same store (outputs stay deterministic).
    public var json: String {
        JSONValue.object([
            ("emp", .string("release marker: emp writes into this folder, and only emp")),
            ("kind", .string(kind.rawValue)), ("store", .optional(store)), ("store_id", .optional(storeID)),
        ]).render() + "\n"
    }

    /// The marker of a folder; nil when it has none (or one that is not emp's).
    public static func read(folder: String) -> ReleaseMarker? {
        guard let data = FileManager.default.contents(atPath: "\(folder)/\(fileName)"),
            let doc = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let kind = (doc["kind"] as? String).flatMap(Kind.init)
        else { return nil }
        return ReleaseMarker(kind: kind, store: doc["store"] as? String, storeID: doc["store_id"] as? String)
    }
}

/// What is at a path emp is asked to write a folder to.
public enum PathEntry: Equatable {
    case nothing
    case symlink(to: String)
    case folder
    case other

    /// `lstat`, never following a link.
    public static func at(_ path: String) -> PathEntry {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .nothing }
        switch st.st_mode & S_IFMT {
        case S_IFLNK: return .symlink(to: (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
        case S_IFDIR: return .folder
        default: return .other
        }
    }
}

/// A path emp will not write to, with what is there and what to do.
public struct NotOwned: Error, CustomStringConvertible {
    public var description: String
}

extension OutputFolder {
    /// Checks that `target` may be replaced by a folder of `kind` published from `store`:
    /// nothing there, an empty folder, a folder with emp's marker of that kind and store, or
    /// (emp before markers) a folder whose `run.json` emp wrote in the same mode. Throws
    /// `NotOwned` otherwise; never touches anything.
    public static func claim(_ target: String, as marker: ReleaseMarker, option: String = "--output") throws {
        try refuseInsideEmpFolder(target, option: option)
        switch PathEntry.at(target) {
        case .nothing: return
        case .symlink(let destination):
            throw NotOwned(
                description:
                    "\(option) \(target) is a symbolic link (to \(destination)); emp replaces its folder whole and "
                    + "never writes through a link: give the real folder's path, or remove the link. Nothing was "
                    + "changed"
            )
        case .other:
            throw NotOwned(
                description:
                    "\(option) \(target) is a file, not a folder emp wrote; nothing was changed. Choose another "
                    + "\(option) (emp creates the folder), or move the file away"
            )
        case .folder: break
        }
        let fm = FileManager.default
        let entries = ((try? fm.contentsOfDirectory(atPath: target)) ?? []).sorted()
        if entries.isEmpty { return }
        guard let found = ReleaseMarker.read(folder: target) else {
            if legacy(target, kind: marker.kind) { return }
            let shown =
                entries.prefix(4).map { PathEntry.at("\(target)/\($0)") == .folder ? $0 + "/" : $0 }.joined(
                    separator: ", ") + (entries.count > 4 ? ", … (\(entries.count) entries)" : "")
            throw NotOwned(
                description:
                    "\(option) \(target) is a folder emp did not write (it holds \(shown)); emp replaces its output "
                    + "folder whole, so it writes only into a folder it created. Nothing was changed: choose a "
                    + "new path (emp creates it), or empty this folder"
            )
        }
        guard found.kind == marker.kind else {
            throw NotOwned(
                description:
                    "\(option) \(target) holds \(found.kind.what), not \(marker.kind.what); nothing was changed: "
                    + "choose another path"
            )
        }
        // Another path is accepted when a store is there: its identity decides (a release
        // moved together with its store, or its history copied to a server: a URL is no path
        // to look at, and the runner has opened what is there).
        if let store = found.store, let mine = marker.store, store != mine, !mine.contains("://"),
            PathEntry.at(mine) == .nothing
        {
            throw NotOwned(description: otherStore(target, named: store, mine: mine, option: option))
        }
        if let id = found.storeID, let mine = marker.storeID, id != mine {
            throw NotOwned(
                description:
                    "\(option) \(target) was published from another store than \(marker.store ?? "this one") (store "
                    + "id \(id), this store is \(mine)): the store was replaced or re-created. Nothing was "
                    + "changed: restore the store that published it, or choose another path"
            )
        }
    }

    public static func otherStore(_ target: String, named: String, mine: String, option: String = "--output") -> String
    {
        "\(option) \(target) holds a release published from the store \(named), not from \(mine), where there is no "
            + "store; nothing was changed. Give --store with the path of that store (\(named), or where it was moved "
            + "with its release), or choose another path"
    }

    /// A path inside a folder emp owns (a release, a report) would be deleted by the next
    /// replacement of that folder: refused.
    public static func refuseInsideEmpFolder(_ path: String, option: String) throws {
        var dir = (path as NSString).deletingLastPathComponent
        while !dir.isEmpty, dir != "/" {
            if PathEntry.at(dir) == .folder, let m = ReleaseMarker.read(folder: dir) {
                throw NotOwned(
                    description:
                        "\(option) \(path) is inside \(dir), which holds \(m.kind.what) and is replaced whole by its "
                        + "next run; nothing was changed: choose a path outside it"
                )
            }
            dir = (dir as NSString).deletingLastPathComponent
        }
    }

    /// What an emp without markers wrote into a release or validation folder.
    static let legacyEntries: Set<String> = [
        "run.json", "indicators.csv", "indicators_wide.csv", "measures.csv", "changes.csv",
        "profiles", "quality",
    ]

    /// A folder an emp without markers wrote: its `run.json` has emp's keys and the mode,
    /// and it holds nothing but emp's outputs (a file of the user's beside them is refused).
    static func legacy(_ target: String, kind: ReleaseMarker.Kind) -> Bool {
        let entries = Set((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [])
        guard entries.isSubset(of: legacyEntries), let doc = manifest(target),
            doc["emp_version"] is String, let mode = doc["mode"] as? String
        else { return false }
        switch kind {
        case .release: return mode == "run"
        case .validation: return mode == "validate"
        case .failedRun: return false
        }
    }

    /// Removes a folder of `kind` emp wrote (e.g. the report of a failed run, once a run
    /// succeeds); leaves anything else alone.
    public static func removeOwned(_ target: String, kind: ReleaseMarker.Kind) {
        guard PathEntry.at(target) == .folder, ReleaseMarker.read(folder: target)?.kind == kind else { return }
        try? FileManager.default.removeItem(atPath: target)
    }

    /// Writes the marker into the staging folder (not listed among the outputs).
    public func mark(_ marker: ReleaseMarker) throws {
        try write(ReleaseMarker.fileName, data: Data(marker.json.utf8), record: false)
    }
}
