import EMPStore
import EMPStorePostgres
import EMPTestSupport
import Foundation
import Testing

/// The connection to the server encrypted as libpq's `sslmode` says, on the test server with TLS
/// on: its certificate is signed by `rootCertificate` and made out to `emp-test-server` (not to
/// 127.0.0.1), and its database `emp_tls` lets nobody in without encryption.
@Suite struct PostgresTLSTests {
    let env = ["USER": "ana", "HOME": "/nonexistent"]

    @Test func sslmodeAndTheRootCertificateComeFromTheURLElseTheEnvironment() throws {
        let plain = try PostgresURL("postgresql://a@h/d", environment: env)
        #expect(plain.tls == .prefer && plain.rootCertificate == nil, "libpq's default")
        #expect(plain.display == "postgresql://a@h:5432/d")
        let given = try PostgresURL("postgresql://a@h/d?sslrootcert=/etc/ca.pem&sslmode=verify-full", environment: env)
        #expect(given.tls == .verifyFull && given.rootCertificate == "/etc/ca.pem")
        #expect(given.display == "postgresql://a@h:5432/d?sslmode=verify-full&sslrootcert=/etc/ca.pem", "one spelling")
        #expect(given.name == "postgresql://a@h:5432/d", "the store's name: the database, not how it is reached")
        let odd = try PostgresURL(
            "postgresql://a@[::1]:6543/d?sslmode=verify-ca&sslrootcert=/etc/a%23b%25.pem", environment: env)
        #expect(odd.rootCertificate == "/etc/a#b%.pem")
        #expect(odd.display == "postgresql://a@[::1]:6543/d?sslmode=verify-ca&sslrootcert=/etc/a%23b%25.pem")
        #expect(try PostgresURL(odd.display, environment: env) == odd, "what emp prints opens the same")
        let fromEnv = try PostgresURL(
            "postgresql://a@h/d", environment: env.merging(["PGSSLMODE": "require", "PGSSLROOTCERT": "/r.pem"]) { $1 })
        #expect(fromEnv.tls == .require && fromEnv.rootCertificate == "/r.pem")
        #expect(fromEnv.display == "postgresql://a@h:5432/d", "the session's settings are not the store's name")
        #expect(
            try PostgresURL("postgresql://a@h/d?sslmode=disable", environment: ["PGSSLMODE": "require"]).tls
                == .disable,
            "the URL before the environment")
        func refusal(_ url: String) -> String {
            do { _ = try PostgresURL(url, environment: env) } catch { return "\(error)" }
            return "accepted"
        }
        #expect(refusal("postgresql://a@h/d?sslmode=allow").contains("sslmode 'allow' is not one of disable, prefer"))
        #expect(
            refusal("postgresql://a@h/d?application_name=x").contains(
                "emp takes only sslmode and sslrootcert in the store URL, not 'application_name'"))
        #expect(refusal("postgresql://a@h/d?sslmode=").contains("sslmode '' is not one of"))
        #expect(refusal("postgresql://a@h/d?sslmode=verify-ca&sslrootcert=ca.pem").contains("must be an absolute path"))
        #expect(!refusal("postgresql://u:pa?ss@h/db").contains("ss@h"), "no part of a password in the message")
        #expect(refusal("postgresql://a@h/d?password=s3cret").contains("holds a password"))
        #expect(!refusal("postgresql://a@h/d?password=s3cret").contains("s3cret"))
    }

    func connect(_ settings: String) throws -> PostgresClient {
        let cluster = try PostgresCluster.shared()
        let url = cluster.url(PostgresCluster.tlsDatabase) + (settings.isEmpty ? "" : "?" + settings)
        return try PostgresClient(try PostgresURL(url, environment: env))
    }

    func refusal(_ settings: String) -> String {
        do { try connect(settings).close() } catch { return "\(error)" }
        return "connected"
    }

    /// The session's own view: whether the server sees it encrypted.
    func encrypted(_ client: PostgresClient) throws -> Bool {
        let rows = try client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        return try rows.first?[0].decode(Bool.self) ?? false
    }

    @Test func eachModeEncryptsAndChecksTheCertificateAsLibpqDoes() throws {
        let cluster = try PostgresCluster.shared()
        for settings in [
            "", "sslmode=prefer", "sslmode=require", "sslmode=verify-ca&sslrootcert=\(cluster.rootCertificate)",
        ] {
            let client = try connect(settings)
            #expect(try encrypted(client), "\(settings)")
            client.close()
        }
        // A database that takes no plain connection refuses `disable`, in the server's words.
        #expect(refusal("sslmode=disable").contains("no encryption"), "\(refusal("sslmode=disable"))")
        // verify-full: the certificate is made out to emp-test-server, not the address asked for.
        let wrongHost = refusal("sslmode=verify-full&sslrootcert=\(cluster.rootCertificate)")
        #expect(
            wrongHost.contains(
                "cannot connect: the server's certificate is not made out to 127.0.0.1 (sslmode=verify-full checks the "
                    + "host)"), "\(wrongHost)")
        // A certificate another root signed is refused by both verifying modes.
        for mode in ["verify-ca", "verify-full"] {
            let untrusted = refusal("sslmode=\(mode)&sslrootcert=\(cluster.otherRootCertificate)")
            #expect(
                untrusted.contains(
                    "cannot connect: the server's certificate is not signed by sslrootcert "
                        + "\(cluster.otherRootCertificate) (sslmode=\(mode))"), "\(untrusted)")
        }
        // require with a root given checks who signed the certificate, as libpq does.
        #expect(try encrypted(try connect("sslmode=require&sslrootcert=\(cluster.rootCertificate)")))
        let requireOther = refusal("sslmode=require&sslrootcert=\(cluster.otherRootCertificate)")
        #expect(requireOther.contains("is not signed by sslrootcert"), "\(requireOther)")
        let missing = refusal("sslmode=verify-ca&sslrootcert=/nonexistent/root.crt")
        #expect(missing.contains("sslrootcert /nonexistent/root.crt: no such readable file"), "\(missing)")
        // The plain databases of the server still take prefer, and disable stays plain.
        let plain = try PostgresClient(try PostgresURL(try cluster.database() + "?sslmode=disable", environment: env))
        #expect(try !encrypted(plain))
        plain.close()
    }

    /// `require` of a server that answers the TLS request with "no" (PostgreSQL with ssl off:
    /// here a listener that says just that, byte 'N', as the protocol has it) is refused.
    @Test func requireOfAServerWithoutTLSIsRefused() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 && listen(fd, 1) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: addr.sin_port))
        let answered = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let peer = accept(fd, nil, nil)
            var request = [UInt8](repeating: 0, count: 8)
            _ = read(peer, &request, 8)
            _ = write(peer, "N", 1)
            answered.signal()
            usleep(200_000)
            close(peer)
        }
        do {
            _ = try PostgresClient(
                try PostgresURL("postgresql://emp@127.0.0.1:\(port)/d?sslmode=require", environment: env))
            Issue.record("connected to a server without TLS under sslmode=require")
        } catch {
            #expect(
                "\(error)".contains("cannot connect: the server does not offer TLS (sslmode=require): turn ssl on"),
                "\(error)")
        }
        #expect(answered.wait(timeout: .now() + 10) == .success)
    }

    /// Most office servers have TLS off: `prefer`, the default, then connects unencrypted and
    /// `require` is refused, on a real server of its own here.
    @Test func preferConnectsToAServerWithoutTLSAndRequireIsRefused() throws {
        let cluster = try PostgresCluster.withoutTLS()
        defer { cluster.stop() }
        let location = try cluster.database()
        let client = try PostgresClient(try PostgresURL(location, environment: env))
        #expect(try !encrypted(client))
        client.close()
        do {
            _ = try PostgresClient(try PostgresURL(location + "?sslmode=require", environment: env))
            Issue.record("connected without TLS under sslmode=require")
        } catch {
            #expect("\(error)".contains("the server does not offer TLS (sslmode=require)"), "\(error)")
        }
    }
}
