import EMPStore
import Foundation
import Logging
import PostgresNIO

/// One connection to the server, used synchronously: the store protocol is synchronous, so
/// each call waits for its future on the caller's thread (never an event-loop thread: the
/// connection has a private one-thread event loop group, which nothing else runs on).
public final class PostgresClient: @unchecked Sendable {
    let connection: PostgresConnection
    let group: MultiThreadedEventLoopGroup
    let logger: Logger
    /// How the user names the server (the URL without its password), for messages.
    public let display: String

    /// Connects to `url` and makes `emp` the schema unqualified names resolve to (COPY names a
    /// table without its schema).
    public init(_ url: PostgresURL, applicationName: String = "emp") throws {
        display = url.display
        var logger = Logger(label: "emp.store.postgres")
        // postgres-nio logs its own failures; emp reports them once, as a StoreError.
        logger.logLevel = .critical
        self.logger = logger
        let tls = try PostgresClient.tls(url)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var config = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls)
        config.options.connectTimeout = .seconds(10)
        config.options.additionalStartupParameters = [("application_name", applicationName)]
        do {
            connection = try PostgresConnection.connect(
                on: group.next(), configuration: config, id: 1, logger: logger
            ).wait()
        } catch {
            try? group.syncShutdownGracefully()
            let why = PostgresClient.tlsReason(error, url) ?? PostgresClient.reason(error)
            throw StoreError(.io, "\(url.display): cannot connect: \(why)")
        }
        do { try execute("SET search_path TO \(PostgresSchema.name)") } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private var closed = false

    /// Ends the session (the server releases its advisory locks with it).
    public func close() {
        guard !closed else { return }
        closed = true
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Runs one statement with `binds` ($1, $2, …) and gives back its rows.
    @discardableResult
    public func query(_ sql: String, _ binds: [PGValue] = []) throws -> [PostgresRandomAccessRow] {
        try run(sql, binds).rows.map { $0.makeRandomAccess() }
    }

    /// Runs one statement; gives back how many rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ binds: [PGValue] = []) throws -> Int {
        try run(sql, binds).metadata.rows ?? 0
    }

    private func run(_ sql: String, _ binds: [PGValue]) throws -> PostgresQueryResult {
        // Its event loop is gone once closed: a query then would never be answered.
        guard !closed else { throw StoreError(.io, "\(display): the connection is closed") }
        var bindings = PostgresBindings(capacity: binds.count)
        for b in binds { try b.bind(into: &bindings) }
        do {
            return try answer(connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger))
        } catch {
            throw PostgresFailure(error, sql: sql, display: display)
        }
    }

    /// Waits for a statement's answer, or for the connection's end: a statement sent on a
    /// session the server has just ended (a restart, `pg_terminate_backend`) was seen never to
    /// be answered nor failed by postgres-nio.
    private func answer<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let promise = future.eventLoop.makePromise(of: T.self)
        future.whenComplete { promise.completeWith($0) }
        connection.closeFuture.whenComplete { _ in promise.fail(ConnectionEnded()) }
        return try promise.futureResult.wait()
    }

    /// The single value of the first row (nil: no row, or NULL).
    public func scalar<T: PostgresDecodable>(_ sql: String, _ binds: [PGValue] = [], as type: T.Type) throws -> T? {
        guard let row = try query(sql, binds).first, row[0].bytes != nil else { return nil }
        return try row[0].decode(T.self)
    }

    /// The bytes of the first row's first column (nil: no row, or NULL).
    public func bytes(_ sql: String, _ binds: [PGValue] = []) throws -> Data? {
        guard let row = try query(sql, binds).first else { return nil }
        return try row.optionalData(0)
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(readOnly: Bool = false, _ body: () throws -> T) throws -> T {
        try execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Loads `rows` into `table` with `COPY … FROM STDIN` (text format; postgres-nio 1.33's
    /// `copyFrom`, which is async only: run on a task while this thread waits for it).
    func copy(_ table: String, columns: [String], rows: [[PGValue]]) throws {
        guard !rows.isEmpty else { return }
        guard !closed else { throw StoreError(.io, "\(display): the connection is closed") }
        var chunks: [ByteBuffer] = []
        var buffer = ByteBuffer()
        buffer.reserveCapacity(1 << 20)
        for row in rows {
            for (i, v) in row.enumerated() {
                if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                try v.copyText(into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
            if buffer.readableBytes >= 1 << 20 {
                chunks.append(buffer)
                buffer = ByteBuffer()
                buffer.reserveCapacity(1 << 20)
            }
        }
        if buffer.readableBytes > 0 { chunks.append(buffer) }
        let connection = self.connection, logger = self.logger
        let parts = chunks
        do {
            try blocking {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for chunk in parts { try await writer.write(chunk) }
                }
            }
        } catch {
            throw PostgresFailure(error, sql: "COPY \(table)", display: display)
        }
    }

    /// An error in a few words: the server's message when it sent one.
    /// The connection's TLS as `sslmode` asks, with libpq's meaning: `prefer` and `require`
    /// encrypt without checking the certificate (`require` checks who signed it when a root is
    /// given); `verify-ca` checks who signed it, `verify-full` that and the host it was made out
    /// to (its name, or its address in the certificate).
    static func tls(_ url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        if url.tls == .disable { return .disable }
        var settings = TLSConfiguration.makeClientConfiguration()
        // As libpq: `require` with a root certificate given checks the chain, as `verify-ca` does.
        let chain = url.tls.verifies || (url.tls == .require && url.rootCertificate != nil)
        switch url.tls {
        case .verifyFull: settings.certificateVerification = .fullVerification
        default: settings.certificateVerification = chain ? .noHostnameVerification : .none
        }
        if let root = url.rootCertificate, chain {
            guard FileManager.default.isReadableFile(atPath: root) else {
                throw StoreError(.io, "\(url.display): sslrootcert \(root): no such readable file")
            }
            settings.trustRoots = .file(root)
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: settings) } catch {
            throw StoreError(.io, "\(url.display): the TLS settings cannot be used: \(error)")
        }
        return url.tls == .prefer ? .prefer(context) : .require(context)
    }

    /// A connection refused over TLS, told as what to do rather than in BoringSSL's words.
    static func tlsReason(_ error: Error, _ url: PostgresURL) -> String? {
        let mode = "sslmode=\(url.tls.rawValue)"
        if let e = error as? PSQLError, e.code == .sslUnsupported {
            return "the server does not offer TLS (\(mode)): turn ssl on at the server, or use sslmode=prefer"
        }
        let words = String(describing: (error as? PSQLError)?.underlying ?? error)
        if words.contains("failedToValidateHostname") {
            return "the server's certificate is not made out to \(url.host) (\(mode) checks the host): connect by "
                + "the name in its certificate, or use sslmode=verify-ca"
        }
        if words.contains("CERTIFICATE_VERIFY_FAILED") {
            let roots = url.rootCertificate.map { "sslrootcert \($0)" } ?? "the system's trusted roots"
            return "the server's certificate is not signed by \(roots) (\(mode)): give the root that signed it "
                + "in sslrootcert or PGSSLROOTCERT"
        }
        return nil
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            if let underlying = e.underlying { return "\(e.code): \(underlying)" }
            return "\(e.code)"
        }
        return "\(error)"
    }
}

/// Waits on this thread for async work (postgres-nio's COPY). The task runs on a thread of its
/// own (`CopyExecutor`), not on Swift's cooperative pool: the caller may itself be on that pool
/// (a test), and blocking every pool thread while the task waits for one would never end.
private func blocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    final class Outcome: @unchecked Sendable { var error: Error? }
    let outcome = Outcome(), semaphore = DispatchSemaphore(value: 0)
    Task(executorPreference: CopyExecutor.shared) {
        do { try await body() } catch { outcome.error = error }
        semaphore.signal()
    }
    semaphore.wait()
    if let error = outcome.error { throw error }
}

/// A task executor on a serial dispatch queue (its own thread, outside the cooperative pool).
final class CopyExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = CopyExecutor()
    let queue = DispatchQueue(label: "emp.store.postgres.copy")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// The session ended before a statement was answered.
struct ConnectionEnded: Error, CustomStringConvertible {
    var description: String { "the connection to the server ended" }
}

/// A failed statement: the server's SQLSTATE kept, so callers can tell "no such table" from others.
struct PostgresFailure: Error, CustomStringConvertible {
    let sqlState: String?
    let description: String

    init(_ error: Error, sql: String, display: String) {
        sqlState = (error as? PSQLError)?.serverInfo?[.sqlState]
        let first = sql.split(separator: "\n").first.map(String.init) ?? sql
        description = "\(display): \(PostgresClient.reason(error)) (\(first.prefix(80)))"
    }
}

/// A value bound to a statement or written to a COPY stream.
public enum PGValue: Sendable {
    case null, int(Int64), double(Double), text(String), bytes(Data)

    public static func text(_ s: String?) -> PGValue { s.map { .text($0) } ?? .null }
    public static func int(_ n: Int) -> PGValue { .int(Int64(n)) }
    public static func int(_ n: Int?) -> PGValue { n.map { .int(Int64($0)) } ?? .null }
    public static func double(_ d: Double?) -> PGValue { d.map { .double($0) } ?? .null }
    public static func bool(_ b: Bool) -> PGValue { .int(b ? 1 : 0) }

    func bind(into bindings: inout PostgresBindings) throws {
        switch self {
        case .null: bindings.appendNull()
        case .int(let n): bindings.append(n)
        case .double(let d): bindings.append(d)
        case .text(let s):
            try PGValue.refuseNUL(s)
            bindings.append(s)
        case .bytes(let d): bindings.append(ByteBuffer(bytes: d))
        }
    }

    /// PostgreSQL's text type cannot hold U+0000 (SQLite's can): refused with a message rather
    /// than the server's encoding error. Texts that may carry any byte are kept as bytea.
    static func refuseNUL(_ s: String) throws {
        if s.utf8.contains(0) {
            throw StoreError(
                .io, "a text holds a NUL character, which PostgreSQL cannot keep: \(s.debugDescription.prefix(60))")
        }
    }

    /// COPY's text format: `\N` for NULL, backslash escapes for the delimiter, line ends and
    /// the backslash itself, bytea as `\\x` and hex; a double as Swift's shortest exact form.
    func copyText(into buffer: inout ByteBuffer) throws {
        switch self {
        case .null: buffer.writeString("\\N")
        case .int(let n): buffer.writeString(String(n))
        case .double(let d):
            buffer.writeString(d.isNaN ? "NaN" : d.isInfinite ? (d < 0 ? "-Infinity" : "Infinity") : "\(d)")
        case .text(let s):
            try PGValue.refuseNUL(s)
            for byte in s.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeString("\\t")
                case UInt8(ascii: "\n"): buffer.writeString("\\n")
                case UInt8(ascii: "\r"): buffer.writeString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        case .bytes(let d):
            buffer.writeString("\\\\x")
            let hex = Array("0123456789abcdef".utf8)
            for byte in d {
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 15)])
            }
        }
    }
}

extension PostgresRandomAccessRow {
    func string(_ i: Int) throws -> String { try self[i].decode(String.self) }
    func optionalString(_ i: Int) throws -> String? { try self[i].decode(String?.self) }
    func int64(_ i: Int) throws -> Int64 { try self[i].decode(Int64.self) }
    func int(_ i: Int) throws -> Int { Int(try self[i].decode(Int64.self)) }
    func optionalInt(_ i: Int) throws -> Int? { try self[i].decode(Int64?.self).map(Int.init) }
    func optionalDouble(_ i: Int) throws -> Double? { try self[i].decode(Double?.self) }
    func double(_ i: Int) throws -> Double { try self[i].decode(Double.self) }
    func bool(_ i: Int) throws -> Bool { try self[i].decode(Int64.self) != 0 }
    func data(_ i: Int) throws -> Data {
        var b = try self[i].decode(ByteBuffer.self)
        return Data(b.readBytes(length: b.readableBytes) ?? [])
    }
    func optionalData(_ i: Int) throws -> Data? {
        guard var b = try self[i].decode(ByteBuffer?.self) else { return nil }
        return Data(b.readBytes(length: b.readableBytes) ?? [])
    }
    /// A bytea column holding UTF-8 text (texts that may carry any byte, even NUL).
    func utf8(_ i: Int) throws -> String { String(decoding: try data(i), as: UTF8.self) }
}
