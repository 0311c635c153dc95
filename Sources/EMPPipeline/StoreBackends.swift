import EMPCore
import EMPStore
import EMPStoreSQLite
import EMPValidate

/// The store backends emp knows, tried in order for a `--store` location; the only place the
/// runner names an implementation.
enum StoreBackends {
    static let all: [any StoreBackend] = [SQLiteBackend(flags: CodeLists.shared.obsStatus)]

    static func backend(for location: String) -> any StoreBackend {
        all.first { $0.handles(location) } ?? all[0]
    }

    /// The default store of a release folder `<output>`: `<output>.emp.sqlite` beside it.
    /// Lexical: a link at the output path is never followed (the store stays beside the path given).
    static func defaultLocation(output: String) -> String { Paths.lexical(output) + ".emp.sqlite" }
}
