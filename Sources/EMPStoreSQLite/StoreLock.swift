import EMPCore
import Foundation
import EMPStore

/// An exclusive `flock` on `<store>.lock`, held until the process exits (the kernel lets go
/// of it even when the process is killed). The file names the holder, so a second run can
/// say which process it is waiting for.
///
/// A lock on a file is a lock on an inode, found through a name; two things can part them:
/// - the file is deleted or replaced while a run waits on it: the waiter then locks a file
///   nobody else will find. So after `flock` the fd and the path must still be the same
///   file, else it tries again (the recreate-and-recheck loop).
/// - the file is deleted while a run holds it: the next run makes a new one and locks it at
///   once, and no check of its own can see the holder of an inode that has no name left.
///   So the file has a second name, `.emp-lock.<store file name>` beside it (a hard link;
///   hidden, so `rm *.lock` misses it, and outside the `.<output>.` names of the output
///   folder's staging): deleting one name leaves the other, and a run that finds the two
///   names on different files waits for the other file's holder. Deleting both names does
///   defeat it.
public final class StoreLock {
    public typealias Held = LockHeld
    public typealias GaveUp = LockGaveUp

    public let path: String
    /// The lock file's second name, `.emp-lock.<store file name>` beside it.
    public let secondPath: String
    let fd: Int32

    /// How many times the lock file may turn out replaced under a run before it gives up.
    static let replacements = 50

    /// What one try at the lock found.
    enum Attempt { case taken, replaced, heldUnderSecondName(String) }

    /// Takes the lock; throws `Held` when another process has it and `wait` is false. While
    /// waiting it asks `giveUp` ten times a second. A lock path that is a symbolic link is
    /// refused (a link could point the lock at any file).
    public init(storePath: String, command: String, wait: Bool, giveUp: () -> Bool = { false }) throws {
        path = storePath + ".lock"
        let dir = (path as NSString).deletingLastPathComponent
        secondPath = (dir as NSString).appendingPathComponent(".emp-lock." + (storePath as NSString).lastPathComponent)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let names = Names(first: path, second: secondPath)
        var replaced = 0, taken: Int32 = -1
        while taken < 0 {
            let fd = try StoreLock.openFile(path)
            let attempt: Attempt
            do { attempt = try names.attempt(fd, wait: wait, giveUp: giveUp) } catch {
                close(fd)
                throw error
            }
            switch attempt {
            case .taken:
                taken = fd
            case .replaced:
                close(fd)
                replaced += 1
                guard replaced < StoreLock.replacements else {
                    throw StoreError(.io, "\(path): cannot lock: the lock file keeps being replaced or deleted")
                }
            case .heldUnderSecondName(let holder):
                close(fd)
                guard wait else { throw Held(path: path, holder: holder) }
                if giveUp() { throw GaveUp() }
                usleep(100_000)
            }
        }
        fd = taken
        let note = "pid \(getpid()): \(command) (since \(StoreClock.now()))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(fd, 0)
        close(fd)
    }

    /// Opens (making it when missing) the lock file, never through a link.
    static func openFile(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd < 0 else { return fd }
        if errno == ELOOP {
            throw StoreError(
                .notEmp, "\(path): the lock file is a symbolic link; emp locks only a file of its own: remove the link")
        }
        throw StoreError(.io, "\(path): cannot open the lock file: \(String(cString: strerror(errno)))")
    }

    /// `flock`, waiting when asked: true once locked, false when another holds it and `wait`
    /// is false.
    static func lock(_ fd: Int32, _ path: String, wait: Bool, giveUp: () -> Bool) throws -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            if err == EINTR { continue }
            guard err == EWOULDBLOCK else {
                throw StoreError(.io, "\(path): cannot lock: \(String(cString: strerror(err)))")
            }
            guard wait else { return false }
            if giveUp() { throw GaveUp() }
            usleep(100_000)
        }
        return true
    }

    static func identity(_ fd: Int32) -> [UInt64]? {
        var st = stat()
        return fstat(fd, &st) == 0 ? [UInt64(st.st_dev), UInt64(st.st_ino)] : nil
    }

    /// The path names the file `fd` has open (not a link, not another file, not gone).
    static func same(_ fd: Int32, _ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0, let mine = identity(fd) else { return false }
        return mine == [UInt64(st.st_dev), UInt64(st.st_ino)]
    }

    static func holder(_ fd: Int32) -> String {
        let note = read(fd)
        return note.isEmpty ? "unknown process" : note
    }

    static func read(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return "" }
        return String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension StoreLock {
    /// The lock file's two names, and what a run does with them once it holds the first.
    struct Names {
        let first: String
        let second: String

        /// Locks `fd` (throwing `Held` when another has it and not waiting), then checks that
        /// both names still lead to it.
        func attempt(_ fd: Int32, wait: Bool, giveUp: () -> Bool) throws -> Attempt {
            guard try StoreLock.lock(fd, first, wait: wait, giveUp: giveUp) else {
                throw Held(path: first, holder: StoreLock.holder(fd))
            }
            // Replaced or deleted while this run waited for it: the lock is on a file no other
            // run will find.
            guard StoreLock.same(fd, first) else { return .replaced }
            switch try claimSecondName(fd) {
            case .ours: return .taken
            case .held(let holder): return .heldUnderSecondName(holder)
            case .linked:
                // Another run may have replaced a name between the check and the link.
                return StoreLock.same(fd, first) && StoreLock.same(fd, second) ? .taken : .replaced
            }
        }

        enum SecondName { case ours, linked, held(String) }

        /// With the first name locked, the second name: `ours` when it names this file; `held`
        /// (with the holder's note) when it names another file another run holds; else it is
        /// given to this file (`linked`): it had no second name yet, or it named a file nobody
        /// holds (one whose first name was deleted after its run). `ours` too when the file
        /// system has no hard links (the lock then has one name).
        func claimSecondName(_ fd: Int32) throws -> SecondName {
            let other = open(second, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
            if other < 0 {
                if errno == ELOOP {
                    throw StoreError(
                        .notEmp,
                        "\(second): the lock file is a symbolic link; emp locks only a file of its own: remove the link"
                    )
                }
                if errno != ENOENT {
                    throw StoreError(.io, "\(second): cannot open the lock file: \(String(cString: strerror(errno)))")
                }
                return linkSecondName() ? .linked : .ours
            }
            defer { close(other) }
            if StoreLock.identity(fd) == StoreLock.identity(other) { return .ours }
            guard try StoreLock.lock(other, second, wait: false, giveUp: { false }) else {
                return .held(StoreLock.holder(other))
            }
            return linkSecondName() ? .linked : .ours
        }

        /// Points the second name at the lock file in one step (a link made aside, renamed over
        /// the old name); false when the file system makes no hard links.
        func linkSecondName() -> Bool {
            let aside = second + ".\(getpid())"
            unlink(aside)
            guard linkat(AT_FDCWD, first, AT_FDCWD, aside, 0) == 0 else { return false }
            guard rename(aside, second) == 0 else {
                unlink(aside)
                return false
            }
            return true
        }
    }
}
