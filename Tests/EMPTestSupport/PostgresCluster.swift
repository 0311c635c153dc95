import Foundation

/// A throw-away PostgreSQL server for the tests of the PostgreSQL store: `initdb` in a
/// temporary folder, started on a free loopback port (and a socket folder of its own), trust
/// authentication for the role `emp`; one per test process, started when first asked for and
/// stopped and removed when the process exits. Each test gets a database of its own.
/// Debian's `postgresql` package provides the programs (`make test` installs it); without
/// them every PostgreSQL test fails, saying so (a backend left untested is not a pass).
public final class PostgresCluster: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public let folder: String
    public let port: Int
    let bin: String
    private let lock = NSLock()

    /// The process's cluster (started on first use).
    public static func shared() throws -> PostgresCluster {
        try started.get()
    }

    nonisolated(unsafe) private static var current: PostgresCluster?
    private static let started: Result<PostgresCluster, Error> = Result {
        removeStale()
        let cluster = try PostgresCluster()
        current = cluster
        atexit { PostgresCluster.current?.stop() }
        return cluster
    }

    /// A new empty database; its store URL (no password: trust authentication).
    public func database() throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try lock.withLock {
            _ = try PostgresCluster.run(bin + "/createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "emp", name])
        }
        return url(name)
    }

    public func url(_ database: String) -> String { "postgresql://emp@127.0.0.1:\(port)/\(database)" }

    /// Runs SQL through psql on `database` (what a person at the server would do).
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> String {
        try PostgresCluster.run(
            bin + "/psql",
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "emp",
                "-d", database, "-c", sql,
            ])
    }

    /// The program folder: the one `initdb` on PATH is in, else Debian's newest /usr/lib/postgresql/N/bin.
    static func programs() throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let initdb = "\(dir)/initdb"
            if FileManager.default.isExecutableFile(atPath: initdb) {
                return ((try? FileManager.default.destinationOfSymbolicLink(atPath: initdb)) ?? initdb)
                    .components(separatedBy: "/").dropLast().joined(separator: "/")
            }
        }
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted()
        guard let newest = versions.last else {
            throw Failure("no PostgreSQL programs (initdb): install Debian's postgresql package (make test does)")
        }
        return "/usr/lib/postgresql/\(newest)/bin"
    }

    /// A server of its own for a test that needs one with TLS off (`stop()` it when done).
    public static func withoutTLS() throws -> PostgresCluster { try PostgresCluster(tls: false) }

    init(tls: Bool = true) throws {
        bin = try PostgresCluster.programs()
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "emp-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
            ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // initdb refuses to run as root: then the server runs as the `postgres` system user
        // (Debian's package makes it) or `nobody`, owning the folder.
        let owner = getuid() == 0 ? (getpwnam("postgres") != nil ? "postgres" : "nobody") : nil
        if let owner, let pw = getpwnam(owner) { chown(folder, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        func asOwner(_ program: String, _ args: [String]) throws -> String {
            guard let owner else { return try PostgresCluster.run(program, args) }
            return try PostgresCluster.run("/usr/sbin/runuser", ["-u", owner, "--", program] + args)
        }
        _ = try asOwner(
            bin + "/initdb",
            ["-D", folder + "/data", "-A", "trust", "-U", "emp", "--no-sync", "-E", "UTF8", "--locale=C"])
        if tls { try PostgresCluster.enableTLS(folder, owner: owner) }
        var lastError: Error?, started: Int?
        for _ in 0..<5 where started == nil {
            let port = try PostgresCluster.freePort()
            do {
                _ = try asOwner(
                    bin + "/pg_ctl",
                    [
                        "-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60", "-o",
                        "-k \(folder) -c listen_addresses=127.0.0.1 -p \(port) -c fsync=off -c max_connections=200",
                        "start",
                    ])
                started = port
            } catch { lastError = error }
        }
        guard let started else { throw lastError ?? Failure("the PostgreSQL test server did not start") }
        (self.port, self.stopAs) = (started, owner)
        if tls {
            _ = try PostgresCluster.run(
                bin + "/createdb", ["-h", "127.0.0.1", "-p", String(started), "-U", "emp", PostgresCluster.tlsDatabase])
        }
    }

    private var stopAs: String?

    /// A database the server lets in only over TLS (pg_hba: `hostnossl … reject`).
    public static let tlsDatabase = "emp_tls"
    /// The name the server's certificate is made out to (not 127.0.0.1: `verify-full` to the
    /// loopback address must fail, `verify-ca` pass).
    public static let certificateName = "emp-test-server"
    /// The root that signed the server's certificate, and one that did not.
    public var rootCertificate: String { folder + "/tls/ca.pem" }
    public var otherRootCertificate: String { folder + "/tls/other-ca.pem" }

    /// TLS on: a root and a server certificate made with openssl (P-256 keys, two days), the
    /// settings in postgresql.conf, and `tlsDatabase` refused without encryption.
    static func enableTLS(_ folder: String, owner: String?) throws {
        let tls = folder + "/tls", data = folder + "/data"
        try FileManager.default.createDirectory(atPath: tls, withIntermediateDirectories: true)
        let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let openssl else {
            throw Failure("no openssl program: install Debian's openssl package (make test does)")
        }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
        for ca in ["ca", "other-ca"] {
            _ = try run(
                openssl,
                ["req", "-x509"] + key + [
                    "-keyout", "\(tls)/\(ca).key", "-out", "\(tls)/\(ca).pem", "-subj", "/CN=emp test \(ca)",
                ])
        }
        _ = try run(
            openssl,
            ["req"] + key.dropLast(2) + [
                "-keyout", "\(tls)/server.key", "-out", "\(tls)/server.csr", "-subj", "/CN=\(certificateName)",
            ])
        try "subjectAltName=DNS:\(certificateName)\n".write(toFile: "\(tls)/ext", atomically: true, encoding: .utf8)
        _ = try run(
            openssl,
            [
                "x509", "-req", "-in", "\(tls)/server.csr", "-CA", "\(tls)/ca.pem", "-CAkey", "\(tls)/ca.key",
                "-CAcreateserial", "-out", "\(tls)/server.crt", "-days", "2", "-extfile", "\(tls)/ext",
            ])
        // The server refuses a key others may read, or one it does not own.
        chmod("\(tls)/server.key", 0o600)
        if let owner, let pw = getpwnam(owner) {
            for f in ["", "/server.key", "/server.crt"] { chown(tls + f, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        }
        let conf = "\nssl = on\nssl_cert_file = '\(tls)/server.crt'\nssl_key_file = '\(tls)/server.key'\n"
        try append(conf, to: data + "/postgresql.conf")
        let hba = try String(contentsOfFile: data + "/pg_hba.conf", encoding: .utf8)
        try rewrite(data + "/pg_hba.conf", "hostnossl \(tlsDatabase) all 127.0.0.1/32 reject\n" + hba)
    }

    /// Writes into an existing file (keeping its owner, unlike an atomic replace).
    static func rewrite(_ path: String, _ text: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw Failure("cannot write \(path)") }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
    }

    static func append(_ text: String, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw Failure("cannot write \(path)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Stops the server at once (nothing in it is kept) and removes its folder.
    public func stop() {
        let args = ["-D", folder + "/data", "-m", "immediate", "-w", "stop"]
        if let stopAs {
            _ = try? PostgresCluster.run("/usr/sbin/runuser", ["-u", stopAs, "--", bin + "/pg_ctl"] + args)
        } else {
            _ = try? PostgresCluster.run(bin + "/pg_ctl", args)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Servers of test processes that died before their exit handler ran (a crash, a kill):
    /// stopped and removed by the next one.
    static func removeStale() {
        let tmp = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix("emp-pg-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let pid = Int32(parts[2]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let data = "\(tmp)/\(name)/data"
            if let text = try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8),
                let server = Int32(text.split(separator: "\n").first ?? "")
            {
                kill(server, SIGQUIT)
            }
            try? FileManager.default.removeItem(atPath: "\(tmp)/\(name)")
        }
    }

    /// A loopback port nothing listens on (the kernel's pick; a race with another process is
    /// possible, so starting tries again with another).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard bound else { throw Failure("bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Runs a program to its end; throws with its output when it fails. `posix_spawn` and a
    /// blocking `waitpid`, not Foundation's Process, whose termination handler was seen never
    /// to fire for `runuser … pg_ctl start` (the server it leaves running is a grandchild);
    /// output goes to files, which the server may keep open without blocking anyone.
    static func run(_ program: String, _ args: [String]) throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("emp-pg-run-\(UUID().uuidString)").path
        let (outPath, errPath) = (base + ".out", base + ".err")
        defer { for f in [outPath, errPath] { try? FileManager.default.removeItem(atPath: f) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([program] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard rc == 0 else { throw Failure("\(program): cannot start: \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let stdout = FileManager.default.contents(atPath: outPath) ?? Data()
        let stderr = FileManager.default.contents(atPath: errPath) ?? Data()
        // Exited normally with 0 (the wait status of a normal exit is its code shifted left by 8).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(
                "\(program) \(args.joined(separator: " ")) failed (wait status \(status)): "
                    + String(decoding: stderr + stdout, as: UTF8.self))
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}
