@testable import EMPStore
@testable import EMPStoreSQLite
import EMPValidate
import Foundation
import GRDB
import Testing

/// The error `SQLiteStore(path:)` refused a path with, or nil when the store opened.
func refusal(_ path: String) -> StoreError? {
    do {
        _ = try SQLiteStore(path: path, flags: CodeLists.shared.obsStatus)
        return nil
    } catch {
        return error as? StoreError ?? StoreError(.io, "not a StoreError: \(error)")
    }
}

/// A directory with a path for a store in it (the store itself not made).
func emptyPlace() throws -> (String, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-store-file-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return ("\(dir)/s.emp.sqlite", dir)
}

/// A real store with a few hundred rows (several pages), closed (its log checkpointed away).
func closedStore(_ path: String) throws {
    let store = try SQLiteStore(path: path, flags: CodeLists.shared.obsStatus)
    let run = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
    try store.save(
        batch("a", (0..<600).map { observation("MDA", 2000 + $0 % 20, Double($0), line: $0 + 2) }), runID: run)
}

let restoreAdvice =
    "restore it from a backup, or move it away together with the release folder it published (emp then starts a new "
    + "history there)"
let notEmpAdvice = "emp neither uses nor replaces it: move it away, or give another path with --store"

@Suite struct StoreFileTests {
    @Test func anEmptyFileIsRefusedAsDamagedAndLeftAsItIs() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let error = try #require(refusal(path))
        #expect(error.kind == .damaged)
        #expect(
            error.description
                == "\(path) is empty (0 bytes): it is not an emp store, or it was damaged; \(restoreAdvice)")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0, "not made into a new store")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aDamagedStoreNamesTheLogAndIndexBesideIt() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.createFile(atPath: name, contents: Data()))
        }
        let error = try #require(refusal(path))
        #expect(error.kind == .damaged)
        #expect(
            error.description.hasSuffix(
                "; \(restoreAdvice) (s.emp.sqlite-wal and s.emp.sqlite-shm beside it belong to this file: move them "
                    + "with it, never leave them beside a restored copy)"
            ))
    }

    @Test func randomBytesAreRefusedAsNotEmpsAndLeftAsTheyAre() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        #expect(FileManager.default.createFile(atPath: path, contents: bytes))
        let error = try #require(refusal(path))
        #expect(error.kind == .notEmp)
        #expect(
            error.description
                == "\(path) is not an emp store: it is not an SQLite database (it does not start with the SQLite "
                + "header); \(notEmpAdvice)"
        )
        #expect(FileManager.default.contents(atPath: path) == bytes)
    }

    @Test func anotherProgramsDatabaseIsRefusedAndNotWrittenTo() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try rawDatabase(path).write {
            try $0.execute(sql: "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ana')")
        }
        let before = try #require(FileManager.default.contents(atPath: path))
        let error = try #require(refusal(path))
        #expect(error.kind == .notEmp)
        #expect(
            error.description
                == "\(path) is not an emp store: it is an SQLite database with other tables (people) and not emp's; "
                + "\(notEmpAdvice)"
        )
        #expect(FileManager.default.contents(atPath: path) == before, "not switched to WAL, no table added")
    }

    @Test func aSymbolicLinkIsRefusedEvenToARealStore() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try closedStore(path)
        let link = dir + "/link.emp.sqlite"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let error = try #require(refusal(link))
        #expect(error.kind == .notEmp)
        #expect(
            error.description
                == "\(link) is a symbolic link: emp does not follow a link to its store; give the file itself with "
                + "--store"
        )
        #expect(refusal(path) == nil, "the store itself opens")
    }

    @Test func aStoreCutToHalfItsSizeIsRefusedAsDamaged() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try closedStore(path)
        #expect(
            !FileManager.default.fileExists(atPath: path + "-wal"),
            "the log was checkpointed into the file when it closed")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size >= 8 * 4096)
        #expect(truncate(path, off_t(size / 2)) == 0)
        let error = try #require(refusal(path))
        #expect(error.kind == .damaged)
        #expect(
            error.description
                == "\(path) is damaged: it is shorter than its SQLite header says (\(size / 2) of \(size) bytes), it "
                + "was cut short; \(restoreAdvice)"
        )
    }

    @Test func aStoreCutInsideItsHeaderIsRefusedAsDamaged() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try closedStore(path)
        #expect(truncate(path, 40) == 0)
        let error = try #require(refusal(path))
        #expect(error.kind == .damaged)
        #expect(
            error.description == "\(path) is damaged: it ends inside its SQLite header (40 bytes); \(restoreAdvice)")
    }

    @Test func aStoreSQLiteFindsMalformedIsRefusedAsDamaged() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try closedStore(path)
        // Page 1 after the 100-byte file header: the b-tree of the schema itself.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 400))
        try handle.close()
        let error = try #require(refusal(path))
        #expect(error.kind == .damaged)
        #expect(error.description.hasPrefix("\(path) is damaged (SQLite: "))
        #expect(error.description.hasSuffix(restoreAdvice), "no log or index of its own named: \(error.description)")
        #expect(
            !FileManager.default.fileExists(atPath: path + "-wal")
                && !FileManager.default.fileExists(atPath: path + "-shm"),
            "opening it left nothing beside it")
    }

    @Test func aStoreMissingATableItsMigrationsMadeIsRefusedAsDamaged() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try closedStore(path)
        try rawDatabase(path).write { try $0.execute(sql: "DROP TABLE coverage") }
        let error = try #require(refusal(path))
        #expect(error.kind == .damaged)
        #expect(error.description == "\(path) is damaged: it lacks tables emp made in it (coverage); \(restoreAdvice)")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func anSQLiteFileWithNoTablesYetBecomesAStore() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // What a run killed while making the store leaves: a database, no table.
        try rawDatabase(path).write { try $0.execute(sql: "PRAGMA user_version = 0; CREATE TABLE t (x); DROP TABLE t") }
        let store = try SQLiteStore(path: path, flags: CodeLists.shared.obsStatus)
        #expect(try store.check() == [])
        #expect(try !store.storeID().isEmpty)
    }

    @Test func aMissingStoreIsMadeOnlyWhenAsked() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: StoreError.self) {
            try SQLiteStore(path: path, create: false, flags: CodeLists.shared.obsStatus)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(refusal(path) == nil)
        #expect(try SQLiteStore(path: path, create: false, flags: CodeLists.shared.obsStatus).check() == [])
    }

    /// The tables `checkSchema` expects are those the migrations make.
    @Test func theTablesListedPerMigrationAreTheTablesMade() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try SQLiteStore(path: path, flags: CodeLists.shared.obsStatus)
        let made = try rawDatabase(path).read {
            try String.fetchAll(
                $0,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != "
                    + "'grdb_migrations'"
            )
        }
        #expect(Set(made) == Set(StoreSchema.tables.values.joined()))
        #expect(Set(StoreSchema.tables.keys) == ["v1", "v2", "v3", "v4", "v5"])
    }

    /// A store written before renderings were kept per format (migration v2) opens with each
    /// country's three parts moved to their format names, its digest still matching, and a
    /// batch's quarantine file still there for the release.
    @Test func aVersion2StoreKeepsItsRenderingsAndQuarantineFiles() throws {
        let (path, dir) = try emptyPlace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (long, wide, profile) = (Data("MDA,x\n".utf8), Data("MDA,Moldova\n".utf8), Data("{}\n".utf8))
        let digest = CountryOutput.renderingDigest(["indicators": long, "indicators_wide": wide, "profiles": profile])
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v2")
        try queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO runs (id, command, pipeline, pid, started_at, outcome) VALUES (1, 'run', 'p.yml', 1, "
                    + "'t', 'published')"
            )
            try db.execute(
                sql: """
                    INSERT INTO country_outputs (ref_area, run_id, digest, rendering, rows, long, wide,
                      profile) VALUES ('MDA', 1, 'in', ?, 1, ?, ?, ?)
                    """, arguments: [digest, long, wide, profile])
            try db.execute(
                sql: """
                    INSERT INTO batches (id, source, domain, fingerprint, path, sha256, bytes, mtime_ns, ctime_ns,
                      inode, stamped_ns, rows_read,
                      accepted, quarantined, filtered, status, imported_at, run_id, report, quarantine)
                    VALUES (1, 's', 'inflows', 'f', 'p', 'h', 1, 1, 1, 1, 1, 2, 1, 1, 0, 'ok', 't', 1, '{}', ?)
                    """, arguments: [Data("_line\n2\n".utf8)])
        }
        try queue.close()
        let store = try SQLiteStore(path: path, flags: CodeLists.shared.obsStatus)
        let kept = try #require(try store.countryOutput("MDA"))
        #expect(kept.parts == ["indicators": long, "indicators_wide": wide, "profiles": profile])
        #expect(kept.isIntact)
        #expect(
            try store.countryOutputDigests()["MDA"]
                == KeptRendering(
                    inputs: "in", rendering: digest,
                    formats: ["indicators", "indicators_wide", "profiles"]))
        #expect(try store.quarantine(batch: 1) == .file(Data("_line\n2\n".utf8)))
    }
}
