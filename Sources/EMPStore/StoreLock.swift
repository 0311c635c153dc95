import Foundation

/// An exclusive `flock` on `<store>.lock`, held until the process exits (the kernel lets go
/// of it even when the process is killed). The file names the holder, so a second run can
/// say which process it is waiting for.
public final class StoreLock {
    public struct Held: Error, CustomStringConvertible {
        public var path: String
        /// `pid 1234: emp run pipelines/default.yml (since …)`, as the holder wrote it.
        public var holder: String
        public var description: String { "another emp holds the store lock \(path): \(holder)" }
    }

    /// Waiting was given up because `giveUp` said so (a signal came).
    public struct GaveUp: Error {}

    public let path: String
    let fd: Int32

    /// Takes the lock; throws `Held` when another process has it and `wait` is false. While
    /// waiting it asks `giveUp` ten times a second.
    public init(storePath: String, command: String, wait: Bool, giveUp: () -> Bool = { false }) throws {
        path = storePath + ".lock"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError("\(path): cannot open the lock file: \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            if err == EINTR { continue }
            if err == EWOULDBLOCK, wait {
                if giveUp() { close(fd); throw GaveUp() }
                usleep(100_000)
                continue
            }
            let holder = StoreLock.read(fd)
            close(fd)
            if err == EWOULDBLOCK { throw Held(path: path, holder: holder.isEmpty ? "unknown process" : holder) }
            throw StoreError("\(path): cannot lock: \(String(cString: strerror(err)))")
        }
        let note = "pid \(getpid()): \(command) (since \(StoreClock.now()))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(fd, 0)
        close(fd)
    }

    static func read(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return "" }
        return String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
