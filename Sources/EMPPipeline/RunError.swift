import EMPConfig
import EMPCore
import EMPStore
import Foundation

/// A run that could not start or finish, by what stopped it; `status` is its exit code.
public enum RunError: Error, CustomStringConvertible {
    /// A bad command line: a missing pipeline file, an unknown `--source` (64).
    case usage(String)
    /// A bad pipeline file (78).
    case config(String)
    /// The output folder or the store path holds what emp does not own; nothing was touched (73).
    case notOwned(String)
    /// A file or the store cannot be read or written, or the store is damaged (74).
    case io(String)
    /// Another run holds the store (75).
    case lockHeld(String)
    /// A signal stopped the run at a safe point (130, 143).
    case stopped(ExitStatus, String)
    /// A bug in emp: what should not happen did (70).
    case internalError(String)

    public var message: String {
        switch self {
        case .usage(let m), .config(let m), .notOwned(let m), .io(let m), .lockHeld(let m), .stopped(_, let m),
            .internalError(let m):
            m
        }
    }

    public var description: String { message }

    public var status: ExitStatus {
        switch self {
        case .usage: .usage
        case .config: .configError
        case .notOwned: .notOwned
        case .io: .ioError
        case .lockHeld: .lockHeld
        case .stopped(let status, _): status
        case .internalError: .internalError
        }
    }

    /// Any error as a run error, by what it is: the one place errors become exit codes.
    /// `context` prefixes the message of errors that do not say where they happened.
    public static func from(_ error: Error, context: String? = nil) -> RunError {
        let said = { (m: String) in context.map { "\($0): \(m)" } ?? m }
        switch error {
        case let e as RunError: return e
        case let e as StoreError:
            switch e.kind {
            case .notEmp: return .notOwned(e.description)
            case .damaged, .missing, .io, .incompatible: return .io(e.description)
            }
        case let e as ConfigError: return .config(e.description)
        case let e as LockHeld: return .lockHeld("\(e.description); try again later, or add --wait to wait for it")
        case let e as RunInProgress: return .lockHeld("\(e.description); try again later, or add --wait to wait for it")
        case let e as Interruption.Stopped: return .stopped(e.status, "stopped by \(e.name); nothing was published")
        // A record kept in the store that no longer decodes (the pipeline file's own decoding
        // errors are ConfigErrors): the store is damaged.
        case let e as DecodingError:
            return .io(
                said(
                    "a record kept in the store cannot be read (\(decodingWhat(e))): the store is damaged. `emp status "
                        + "--check` lists what else is; restore the store from a backup, or give --store a new path "
                        + "to start a new history"))
        // The file system's errors (Foundation's file calls, errno): I/O.
        case let e as NSError where [NSCocoaErrorDomain, NSPOSIXErrorDomain].contains(e.domain):
            return .io(fileSystem(e, said: said))
        default: return .internalError(said("internal error (please report it): \(error)"))
        }
    }

    /// A file system error in a sentence: the file it names (Foundation keeps it in the
    /// error, and it is not always the store the run was working with), what happened, and
    /// for the usual causes what to do.
    static func fileSystem(_ e: NSError, said: @escaping (String) -> String) -> String {
        let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? (e.userInfo[NSURLErrorKey] as? URL)?.path
        let at = { (m: String) in path.map { "\($0): \(m)" } ?? said(m) }
        let posix =
            e.domain == NSPOSIXErrorDomain
            ? Int32(e.code)
            : (e.userInfo[NSUnderlyingErrorKey] as? NSError)
                .flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
        if (e.domain == NSCocoaErrorDomain && e.code == NSFileWriteOutOfSpaceError) || posix == ENOSPC {
            return at(
                "the disk is full; nothing was published and the release stays as it was. Free some space, or give "
                    + "--output (and --store) a disk with room")
        }
        if (e.domain == NSCocoaErrorDomain && e.code == NSFileWriteNoPermissionError) || posix == EACCES {
            return at(
                "permission denied; nothing was published. Run as a user who may write there, or choose another --output"
            )
        }
        return at(e.localizedDescription)
    }

    /// What a decoding error met, in a few words (`no key 'rows_read'`), not Swift's dump.
    static func decodingWhat(_ e: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String { c.codingPath.map(\.stringValue).joined(separator: ".") }
        switch e {
        case .keyNotFound(let key, let c):
            return "no key '\(key.stringValue)'" + (c.codingPath.isEmpty ? "" : " in \(path(c))")
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "a wrong value at \(path(c))"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not JSON" : "a wrong value at \(path(c))"
        @unknown default: return "\(e)"
        }
    }
}
