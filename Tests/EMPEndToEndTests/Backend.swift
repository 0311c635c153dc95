import Foundation
import Testing

/// The store backends the end-to-end tests run emp on.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgresql
    var testDescription: String { rawValue }

    /// The `--store` arguments of a fresh store: none for SQLite (the file beside the output
    /// folder), a new database on the test server for PostgreSQL.
    func storeArguments() throws -> [String] {
        switch self {
        case .sqlite: return []
        case .postgresql: return ["--store", try PostgresCluster.shared().database()]
        }
    }
}
