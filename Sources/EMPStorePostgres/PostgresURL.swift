import EMPStore
import Foundation

/// A store on a server: `postgresql://user@host:port/database` (or `postgres://`). The
/// password never comes from the URL (it would be kept in the ledger, the release marker and
/// shell histories): from `PGPASSWORD`, else the matching line of `~/.pgpass` (`PGPASSFILE`).
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var password: String?
    /// How the connection is encrypted: `sslmode` in the URL, else `PGSSLMODE`, else `prefer`.
    public var tls: TLSMode
    /// The certificates a `verify-ca` / `verify-full` server certificate must chain to:
    /// `sslrootcert`, else `PGSSLROOTCERT`, else `~/.postgresql/root.crt` when there is one,
    /// else the system's trusted roots.
    public var rootCertificate: String?
    /// The connection settings the URL itself gave (`sslmode=…&sslrootcert=…`), in that order.
    var settings: [(String, String)] = []

    /// libpq's `sslmode` values that emp knows (`allow`, plain first, is not one: use `prefer`).
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never encrypted.
        case disable
        /// Encrypted when the server offers it, its certificate unchecked (libpq's default).
        case prefer
        /// Always encrypted, the certificate unchecked: refused by a server without TLS.
        case require
        /// Encrypted, the certificate signed by a trusted root (any host name).
        case verifyCA = "verify-ca"
        /// Encrypted, the certificate signed by a trusted root and made out to the host.
        case verifyFull = "verify-full"

        var verifies: Bool { self == .verifyCA || self == .verifyFull }
    }

    /// How emp names the store: one spelling per store (scheme `postgresql`, the port always
    /// given), so a release marker names it the same however the user typed it or asked for
    /// the connection to be made (the TLS settings are not the store's: the database is).
    public var name: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(PostgresURL.encoded(user))@\(shownHost):\(port)/\(PostgresURL.encoded(database))"
    }

    /// The store's name with the URL's own connection settings after it (`?sslmode=…&sslrootcert=…`,
    /// in that order, percent-encoded): what emp opens again and prints.
    public var display: String {
        settings.isEmpty
            ? name : name + "?" + settings.map { "\($0)=\(PostgresURL.encoded($1))" }.joined(separator: "&")
    }

    /// A URL part with the characters that would end it, or be read as an escape, percent-encoded.
    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=?#%@:/+ ")
        allowed.insert("/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    public static func == (a: PostgresURL, b: PostgresURL) -> Bool {
        a.display == b.display && a.password == b.password && a.tls == b.tls && a.rootCertificate == b.rootCertificate
    }

    /// `location` with any password in it replaced by `***`, for messages about a URL that does
    /// not parse (the password must not be printed either way).
    public static func redacted(_ location: String) -> String {
        guard let scheme = location.range(of: "://"), let at = location[scheme.upperBound...].lastIndex(of: "@"),
            let colon = location[scheme.upperBound..<at].firstIndex(of: ":")
        else { return location }
        return String(location[..<location.index(after: colon)]) + "***" + String(location[at...])
    }

    public static func handles(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    public init(_ location: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let scheme = location.range(of: "://"), PostgresURL.handles(location) else {
            throw StoreError(.notEmp, "\(location): not a postgresql:// URL")
        }
        var rest = String(location[scheme.upperBound...])
        var query: [(String, String)] = []
        if let q = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            query = try PostgresURL.settings(String(rest[q...]), location: location)
            rest = String(rest[..<q])
        }
        var user = environment["PGUSER"] ?? environment["USER"] ?? NSUserName()
        if let at = rest.lastIndex(of: "@") {
            let who = String(rest[..<at])
            rest = String(rest[rest.index(after: at)...])
            if who.contains(":") {
                throw StoreError(
                    .io,
                    "the store URL holds a password: give it in PGPASSWORD or ~/.pgpass instead, never in the URL or "
                        + "the pipeline file")
            }
            if !who.isEmpty { user = who.removingPercentEncoding ?? who }
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let hostPort = String(rest[..<slash])
        var database = slash < rest.endIndex ? String(rest[rest.index(after: slash)...]) : ""
        database = database.removingPercentEncoding ?? database
        var host = hostPort, port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw StoreError(.io, "\(location): the port is not a number from 1 to 65535")
            }
            port = p
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "localhost" }
        if database.isEmpty { database = user }
        guard !database.contains("/") else { throw StoreError(.io, "\(location): a database name has no '/'") }
        (self.user, self.host, self.port, self.database) = (user, host, port, database)
        let given = Dictionary(query, uniquingKeysWith: { $1 })
        let modeText = given["sslmode"] ?? environment["PGSSLMODE"] ?? TLSMode.prefer.rawValue
        guard let mode = TLSMode(rawValue: modeText) else {
            throw StoreError(
                .io,
                "\(PostgresURL.redacted(location)): sslmode '\(modeText)' is not one of "
                    + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        tls = mode
        rootCertificate = given["sslrootcert"] ?? environment["PGSSLROOTCERT"]
        if rootCertificate == nil, mode.verifies {
            let home = environment["HOME"] ?? NSHomeDirectory()
            let libpq = (home as NSString).appendingPathComponent(".postgresql/root.crt")
            if FileManager.default.fileExists(atPath: libpq) { rootCertificate = libpq }
        }
        settings = query
        password =
            environment["PGPASSWORD"]
            ?? PostgresURL.pgpass(
                host: host, port: port, database: database, user: user, environment: environment)
    }

    /// The URL's `?sslmode=…&sslrootcert=…`: the only settings emp takes there (a password never),
    /// in that order, a relative certificate path made absolute (the URL names one file).
    static func settings(_ query: String, location: String) throws -> [(String, String)] {
        let shown = redacted(location)
        guard query.hasPrefix("?"), !query.contains("#") else {
            throw StoreError(.io, "\(shown): a store URL has no fragment ('#'): postgresql://user@host:port/db")
        }
        var found: [String: String] = [:]
        for pair in query.dropFirst().split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            guard parts.count == 2, ["sslmode", "sslrootcert"].contains(parts[0]) else {
                // The key is named only when it looks like one (a `?` inside a password would
                // put part of it here).
                let key = parts[0]
                let named =
                    !key.isEmpty && key.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }) ? ", not '\(key)'" : ""
                if parts.first == "password" {
                    throw StoreError(
                        .io,
                        "the store URL holds a password: give it in PGPASSWORD or ~/.pgpass instead, never in the URL or "
                            + "the pipeline file")
                }
                throw StoreError(
                    .io,
                    "\(shown): emp takes only sslmode and sslrootcert in the store URL\(named): "
                        + "postgresql://user@host:port/db?sslmode=verify-full&sslrootcert=/path/root.crt")
            }
            // Absolute: a relative path would depend on where emp is started (and a pipeline's
            // `store:` on which file names it).
            if parts[0] == "sslrootcert", !(parts[1] as NSString).isAbsolutePath {
                throw StoreError(.io, "\(shown): sslrootcert must be an absolute path, not '\(parts[1])'")
            }
            found[parts[0]] = parts[1]
        }
        return ["sslmode", "sslrootcert"].compactMap { key in found[key].map { (key, $0) } }
    }

    /// The first line of the password file matching this server, database and user (`*` matches
    /// anything, `\` escapes `:`); like libpq, a file others may read is ignored.
    static func pgpass(
        host: String, port: Int, database: String, user: String, environment: [String: String]
    )
        -> String?
    {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = environment["PGPASSFILE"] ?? (home as NSString).appendingPathComponent(".pgpass")
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [], field = "", escaped = false
            for c in line {
                if escaped {
                    field.append(c)
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == ":" && fields.count < 4 {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(c)
                }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}
