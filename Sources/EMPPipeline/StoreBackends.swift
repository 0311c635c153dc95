import EMPCore
import EMPStore
import EMPStorePostgres
import EMPStoreSQLite
import EMPValidate

/// The store backends emp knows, tried in order for a `--store` location; the only place the
/// runner names an implementation.
enum StoreBackends {
    /// A `postgresql://` URL is a server's; anything else is a file path (SQLite, the default).
    static let all: [any StoreBackend] = [
        PostgresBackend(flags: CodeLists.shared.obsStatus), SQLiteBackend(flags: CodeLists.shared.obsStatus),
    ]

    static func backend(for location: String) -> any StoreBackend {
        all.first { $0.handles(location) } ?? all[all.count - 1]
    }

    /// The one spelling of a store location: a URL as its backend names it (no password, the
    /// port given), a path absolute with its existing folders resolved.
    static func normalized(_ location: String) -> String {
        guard isURL(location) else { return RunSetup.canonical(location) }
        return (try? PostgresURL(location).display) ?? PostgresURL.redacted(location)
    }

    /// The store a location names, without how to connect to it (a URL's TLS settings): what
    /// a release marker records and what tells two locations for the same store.
    static func name(_ location: String) -> String {
        guard isURL(location) else { return location }
        return (try? PostgresURL(location).name) ?? PostgresURL.redacted(location)
    }

    /// Whether `location` names a database rather than a file (no path rules apply to it).
    static func isURL(_ location: String) -> Bool { location.contains("://") }

    /// The default store of a release folder `<output>`: `<output>.emp.sqlite` beside it.
    /// Lexical: a link at the output path is never followed (the store stays beside the path given).
    static func defaultLocation(output: String) -> String { Paths.lexical(output) + ".emp.sqlite" }
}
