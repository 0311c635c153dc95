import EMPCore
import EMPValidate
import EMPStore
import EMPStorePostgres
import EMPStoreSQLite
import EMPTestSupport
import Foundation
import GRDB
import Testing

/// The store backends every store test runs on.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgresql
    var testDescription: String { rawValue }
}

/// A fresh store of a backend (a file in a temporary folder, or a database of its own on the
/// test server), and the raw access the tests damage it through, as someone editing it by
/// hand would. SQL is written with `?` placeholders; PostgreSQL's `$n` are made from them.
final class TestStore {
    let backend: Backend
    let store: any ReleaseStore
    let dir: String
    let location: String

    init(_ backend: Backend) throws {
        self.backend = backend
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-store-unit-\(UUID().uuidString)").path
        switch backend {
        case .sqlite:
            location = "\(dir)/s.emp.sqlite"
            store = try SQLiteStore(path: location, flags: CodeLists.shared.obsStatus)
        case .postgresql:
            location = try PostgresCluster.shared().database()
            store = try PostgresStore(location: location, flags: CodeLists.shared.obsStatus)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    enum Raw { case int(Int64), text(String), data(Data) }

    static func postgresSQL(_ sql: String) -> String {
        var n = 0
        return sql.map { c -> String in
            guard c == "?" else { return String(c) }
            n += 1
            return "$\(n)"
        }.joined()
    }

    func execute(_ sql: String, _ args: [Raw] = []) throws {
        switch backend {
        case .sqlite:
            try rawDatabase(location).write {
                try $0.execute(sql: sql, arguments: StatementArguments(args.map(\.sqlite)))
            }
        case .postgresql:
            let raw = try PostgresClient(try PostgresURL(location))
            defer { raw.close() }
            try raw.execute(TestStore.postgresSQL(sql), args.map(\.postgres))
        }
    }

    func int(_ sql: String, _ args: [Raw] = []) throws -> Int? {
        switch backend {
        case .sqlite:
            return try rawDatabase(location).read {
                try Int.fetchOne($0, sql: sql, arguments: StatementArguments(args.map(\.sqlite)))
            }
        case .postgresql:
            let raw = try PostgresClient(try PostgresURL(location))
            defer { raw.close() }
            return try raw.scalar(TestStore.postgresSQL(sql), args.map(\.postgres), as: Int64.self).map(Int.init)
        }
    }

    func data(_ sql: String, _ args: [Raw] = []) throws -> Data? {
        switch backend {
        case .sqlite:
            return try rawDatabase(location).read {
                try Data.fetchOne($0, sql: sql, arguments: StatementArguments(args.map(\.sqlite)))
            }
        case .postgresql:
            let raw = try PostgresClient(try PostgresURL(location))
            defer { raw.close() }
            return try raw.bytes(TestStore.postgresSQL(sql), args.map(\.postgres))
        }
    }
}

extension TestStore.Raw {
    var sqlite: (any DatabaseValueConvertible)? {
        switch self {
        case .int(let n): return n
        case .text(let s): return s
        case .data(let d): return d
        }
    }

    var postgres: PGValue {
        switch self {
        case .int(let n): return .int(n)
        case .text(let s): return .text(s)
        case .data(let d): return .bytes(d)
        }
    }
}
