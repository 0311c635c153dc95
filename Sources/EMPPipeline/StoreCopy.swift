import EMPCore
import EMPStore
import Foundation

/// `emp store copy FROM TO`: moves an office's whole history — every batch, run, published
/// value and kept rendering, and the store's identity, so the output folder it publishes
/// stays its own — from one store to another: SQLite to PostgreSQL when the office outgrows
/// one machine, and back. Both stores are locked as a run locks them (no run publishes
/// during the copy), the destination must hold no history yet, the copy is one transaction
/// there, and the destination is checked (`--check`'s checks) before emp says it is done.
public struct StoreCopy {
    public let from: String
    public let to: String
    public let wait: Bool

    public init(from: String, to: String, wait: Bool) {
        (self.from, self.to, self.wait) = (StoreBackends.normalized(from), StoreBackends.normalized(to), wait)
    }

    public struct Outcome {
        public var from: String
        public var to: String
        /// Rows copied per table, in `StoreTable.history` order.
        public var rows: [(table: String, count: Int)]
    }

    public func execute() throws -> Outcome {
        guard StoreBackends.name(from) != StoreBackends.name(to) else {
            throw RunError.usage("emp store copy: FROM and TO are the same store (\(from))")
        }
        let source = StoreBackends.backend(for: from), destination = StoreBackends.backend(for: to)
        do {
            guard try source.inspect(from) else { throw RunError.io("there is no store at \(from); nothing to copy") }
            let command = "emp store copy \(from) \(to)"
            let leases = (try lock(source, from, command), try lock(destination, to, command))
            defer { withExtendedLifetime(leases) {} }
            let store = try source.open(from, create: false)
            let tables = try StoreTable.history.map { try store.exportTable($0) }
            let target = try destination.open(to, create: true)
            try target.importTables(tables)
            let problems = try target.check()
            guard problems.isEmpty else {
                throw RunError.io("the copy in \(to) does not check: \(problems.joined(separator: "; "))")
            }
            return Outcome(from: from, to: to, rows: tables.map { ($0.name, $0.rows.count) })
        } catch let error as RunError {
            throw error
        } catch {
            let explained = source.explain(error, location: from) ?? destination.explain(error, location: to) ?? error
            throw RunError.from(explained)
        }
    }

    func lock(_ backend: any StoreBackend, _ location: String, _ command: String) throws -> AnyObject {
        try RunSetup.lock(backend, location, command: command, wait: wait)
    }
}

extension StoreCopy.Outcome {
    func count(_ table: String) -> Int { rows.first { $0.table == table }?.count ?? 0 }

    public var text: String {
        "emp store copy: \(count("runs")) run(s), \(count("batches")) batch(es), \(count("published")) published "
            + "value(s) and \(count("country_renderings")) rendering(s) copied from \(from) to \(to); store check: ok\n"
    }

    public var json: JSONValue {
        .object([
            ("from", .string(from)), ("to", .string(to)),
            ("rows", .object(rows.map { ($0.table, .int($0.count)) })),
        ])
    }
}
