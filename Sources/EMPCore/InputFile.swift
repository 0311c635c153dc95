import CEMPSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A source file, opened the one way emp reads data: only a regular file on a real file
/// system, never a FIFO, a device or a kernel file (`/proc`, `/sys`), which could block a
/// run for ever, never end, or hold what is not data (a process's environment). The kind is
/// checked with `stat` before the file is opened, and again on the open descriptor (the path
/// may be swapped in between); the open itself never blocks. Every read is positional
/// (`pread`), so two threads share the one descriptor and read the same inode, and a read
/// ends where the file ended when it was opened: `checkUnchanged` then says whether the
/// bytes read are the file's (size, times and inode as they were).
public final class InputFile: @unchecked Sendable {
    public let path: String
    /// What `fstat` said when the file was opened.
    public let identity: Identity
    let fd: Int32

    public struct Identity: Equatable, Sendable {
        public var device: UInt64
        public var inode: UInt64
        public var size: Int
        public var mtimeNs: Int64
        public var ctimeNs: Int64

        init(_ st: stat) {
            func ns(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec) }
            (device, inode, size) = (UInt64(st.st_dev), UInt64(st.st_ino), Int(st.st_size))
            (mtimeNs, ctimeNs) = (ns(st.st_mtim), ns(st.st_ctim))
        }
    }

    /// Why a file is not read; `description` is the sentence a report shows.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case cannotOpen(String, String)
        /// Not a regular file: `kind` says what it is (a FIFO, a character device…).
        case notRegular(String, kind: String)
        /// A regular file of a kernel file system (`/proc`, `/sys`…): `system` names it.
        case kernelFile(String, system: String)
        /// The file changed (size, modification time or inode) while it was read.
        case changed(String, what: String)
        /// The file is `real` (its links followed), in none of the folders a run may read.
        case outsideRoots(String, real: String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let why): return "\(path): cannot open: \(why)"
            case .notRegular(let path, let kind):
                return "\(path): is \(kind), not a regular file: emp reads sources only from regular files"
            case .kernelFile(let path, let system):
                return "\(path): is a file of \(system), which the kernel makes up as it is read, not data: "
                    + "emp reads sources only from regular files"
            case .outsideRoots(let path, let real):
                let what = real == path ? "is" : "leads (through a symbolic link) to"
                return "\(path): \(what) \(real), outside the folders this pipeline reads sources from"
            case .changed(let path, let what):
                return "\(path): the file changed while it was read (\(what)): what was read is not one version "
                    + "of the file, so nothing of it is kept"
            }
        }
    }

    private init(path: String, fd: Int32, identity: Identity) {
        (self.path, self.fd, self.identity) = (path, fd, identity)
    }

    deinit { close(fd) }

    /// Opens `path` for reading, or says why it is not read (see the type's comment).
    /// `roots`: the folders (real paths) the file must be in once its links are followed.
    public static func open(_ path: String, roots: [String]? = nil) throws -> InputFile {
        if let roots, let real = realPath(path), !roots.contains(where: { Self.isInside(real, $0) }) {
            throw Failure.outsideRoots(path, real: real)
        }
        var st = stat()
        guard stat(path, &st) == 0 else { throw Failure.cannotOpen(path, errnoText()) }
        try checkKind(st, path)
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Failure.cannotOpen(path, errnoText()) }
        guard fstat(fd, &st) == 0 else {
            let why = errnoText()
            close(fd)
            throw Failure.cannotOpen(path, why)
        }
        do {
            try checkKind(st, path)
            try checkFileSystem(fd, path)
        } catch {
            close(fd)
            throw error
        }
        return InputFile(path: path, fd: fd, identity: Identity(st))
    }

    /// Whether `path` is a file `open` would read (no descriptor is kept); the reason if not.
    public static func refusal(_ path: String) -> Failure? {
        do { _ = try open(path) } catch let failure as Failure { return failure } catch { return nil }
        return nil
    }

    /// The path with every symbolic link and `..` resolved; nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Whether `path` is `folder` or below it (both real paths).
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    static func checkKind(_ st: stat, _ path: String) throws {
        let kinds: [(mode_t, String)] = [
            (S_IFIFO, "a FIFO (a named pipe: reading it waits for a writer)"),
            (S_IFCHR, "a character device (it may never end)"), (S_IFBLK, "a block device"),
            (S_IFSOCK, "a socket"), (S_IFDIR, "a directory"),
        ]
        let type = st.st_mode & S_IFMT
        guard type != S_IFREG else { return }
        throw Failure.notRegular(path, kind: kinds.first { $0.0 == type }?.1 ?? "not a plain file")
    }

    /// Kernel file systems whose "regular" files are generated when read.
    static let kernelSystems: [Int: String] = [
        0x9fa0: "/proc", 0x6265_6572: "/sys", 0x6462_6720: "debugfs", 0x7472_6163: "tracefs",
        0x7363_6673: "securityfs", 0x0027_e0eb: "cgroup", 0x6367_7270: "cgroup2", 0x6265_6570: "configfs",
        0xde5e_81e4: "efivarfs", 0xcafe_4a11: "bpf", 0x6165_676c: "pstore",
    ]

    static func checkFileSystem(_ fd: Int32, _ path: String) throws {
        if let system = kernelSystems[emp_file_system_type(fd)] { throw Failure.kernelFile(path, system: system) }
    }

    /// Reads up to `count` bytes at `offset`, never past the size the file had when opened.
    public func read(at offset: Int, count: Int) throws -> [UInt8] {
        let want = max(0, min(count, identity.size - offset))
        guard want > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
            initialized = 0
            while initialized < want {
                let n = pread(fd, buffer.baseAddress! + initialized, want - initialized, off_t(offset + initialized))
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw Failure.cannotOpen(path, InputFile.errnoText()) }
                if n == 0 { break }  // shorter than it was: `checkUnchanged` says so
                initialized += n
            }
        }
    }

    /// Throws `changed` unless the file is as it was opened and `bytes` is all of it: read
    /// and hashed bytes are then one version of the file.
    public func checkUnchanged(bytesRead bytes: Int) throws {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure.cannotOpen(path, InputFile.errnoText()) }
        let now = Identity(st)
        if now.size != identity.size || bytes != identity.size {
            throw Failure.changed(path, what: "\(identity.size) bytes when opened, \(max(now.size, bytes)) now")
        }
        if now != identity { throw Failure.changed(path, what: "it was written to") }
    }

    static func errnoText() -> String {
        switch errno {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        default: return String(cString: strerror(errno))
        }
    }
}
