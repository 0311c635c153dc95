import EMPCore
import Foundation
import GRDB
import EMPStore

/// What lies at the store's path, looked at before SQLite is given it and again once it is
/// open. SQLite takes almost anything: a missing or empty file becomes a new database, a
/// file cut short opens and fails only on the pages that are gone, a foreign database gets
/// emp's tables added. So an empty, foreign or damaged file would silently become a store
/// with no history; emp refuses each instead and says what to do.
enum StoreFile {
    static let magic = Array("SQLite format 3\0".utf8)

    /// Whether a store file is there (false: a new store may be made). Throws for a link,
    /// something other than a regular file, an empty file, a file that is not SQLite, and
    /// an SQLite file shorter than its header says.
    static func exists(_ path: String) throws -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return false }
            throw StoreError(.io, "\(path): cannot look at the store: \(String(cString: strerror(errno)))")
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw link(path)
        default: throw notEmp(path, "it is not a regular file")
        }
        if st.st_size == 0 { throw damaged(path, "is empty (0 bytes): it is not an emp store, or it was damaged") }
        try checkHeader(path)
        return true
    }

    /// The first 100 bytes: SQLite's magic string, then the page size and page count, which
    /// say how long the file must be.
    static func checkHeader(_ path: String) throws {
        // O_NOFOLLOW: the path may have become a link since `lstat`.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP { throw link(path) }
            throw StoreError(.io, "\(path): cannot read the store: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 100)
        let n = max(0, pread(fd, &header, header.count, 0))
        let head = header[..<min(n, magic.count)]
        guard head.elementsEqual(magic[..<head.count]) else {
            throw notEmp(path, "it is not an SQLite database (it does not start with the SQLite header)")
        }
        guard n == header.count else {
            throw damaged(path, "is damaged: it ends inside its SQLite header (\(n) bytes)")
        }
        let expected = Int64(pageSize(header)) * Int64(pageCount(header))
        // With a write-ahead log beside it the file may lag its header (a checkpoint under way,
        // or cut short: SQLite finishes it from the log). In this order (header, log, size) a
        // checkpoint that ends meanwhile, and deletes its log, has already written the pages.
        guard !hasLog(path) else { return }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw StoreError(.io, "\(path): cannot read the store: \(String(cString: strerror(errno)))")
        }
        if expected > st.st_size {
            throw damaged(
                path,
                "is damaged: it is shorter than its SQLite header says (\(st.st_size) of \(expected) bytes), it was "
                    + "cut short"
            )
        }
    }

    /// Bytes 16–17, big-endian; 1 stands for 65536.
    static func pageSize(_ h: [UInt8]) -> Int {
        let v = Int(h[16]) << 8 | Int(h[17])
        return v == 1 ? 65536 : v
    }

    /// Bytes 28–31: the pages in the file, valid only when the "version valid for" number
    /// (92–95) equals the change counter (24–27); 0 when not valid (older writers).
    static func pageCount(_ h: [UInt8]) -> Int {
        func be32(_ at: Int) -> Int { h[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return be32(92) == be32(24) ? be32(28) : 0
    }

    static func hasLog(_ path: String) -> Bool {
        var st = stat()
        return lstat(path + "-wal", &st) == 0 && st.st_size > 0
    }

    /// Once SQLite has the file: a database with tables is emp's only when it has the `runs`
    /// table and GRDB's record of emp's first migration; one that is emp's but lacks tables
    /// its migrations made was damaged. No table at all: a new store (or one killed while
    /// it was being made), which the migrations fill.
    /// `beside`: `companions(path)` as it was before SQLite opened the file (opening a WAL
    /// database makes its log and index).
    static func checkSchema(_ db: Database, _ path: String, beside: String) throws {
        let tables = Set(
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        guard !tables.isEmpty else { return }
        let done =
            tables.contains("grdb_migrations")
            ? Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
        guard tables.contains("runs"), done.contains("v1") else {
            let some = tables.sorted().prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw notEmp(path, "it is an SQLite database with other tables (\(some)) and not emp's")
        }
        let missing = StoreSchema.tables.filter { done.contains($0.key) }.flatMap(\.value).filter {
            !tables.contains($0)
        }.sorted()
        if !missing.isEmpty {
            throw damaged(
                path, "is damaged: it lacks tables emp made in it (\(missing.joined(separator: ", ")))", beside: beside)
        }
    }

    /// SQLite's word that the file is not a database, or a malformed one.
    static func isDamage(_ error: DatabaseError) -> Bool {
        [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode.primaryResultCode)
    }

    static func damaged(_ path: String, _ finding: String, beside: String? = nil) -> StoreError {
        StoreError(
            .damaged,
            "\(path) \(finding); restore it from a backup, or move it away together with the release folder it "
                + "published (emp then starts a new history there)"
                + (beside ?? companions(path)))
    }

    static func notEmp(_ path: String, _ finding: String) -> StoreError {
        StoreError(
            .notEmp,
            "\(path) is not an emp store: \(finding); emp neither uses nor replaces it: move it away, or give another "
                + "path with --store"
        )
    }

    static func link(_ path: String) -> StoreError {
        StoreError(
            .notEmp,
            "\(path) is a symbolic link: emp does not follow a link to its store; give the file itself with --store")
    }

    /// A WAL store's log and index beside it belong to that file: restored from a backup, it
    /// must not meet the old log (SQLite would replay it into the backup).
    static func companions(_ path: String) -> String {
        let present = ["-wal", "-shm"].filter {
            var st = stat(); return lstat(path + $0, &st) == 0
        }
        guard !present.isEmpty else { return "" }
        let names = present.map { (path as NSString).lastPathComponent + $0 }.joined(separator: " and ")
        return " (\(names) beside it belong to this file: move them with it, never leave them beside a restored copy)"
    }
}

extension SQLiteStore {
    /// Looks at a store path without opening it (nothing is created): throws `StoreError`
    /// for a link, a folder, an empty, foreign or cut file; false when nothing is there.
    public static func inspect(path: String) throws -> Bool {
        guard try StoreFile.exists(path) else { return false }
        // A foreign database is told before any file is made beside it (a read-only look;
        // anything else is left to the opening, under the lock).
        var config = Configuration()
        config.readonly = true
        if let queue = try? DatabaseQueue(path: path, configuration: config) {
            do { try queue.read { try StoreFile.checkSchema($0, path, beside: "") } } catch let error as StoreError
                where error.kind == .notEmp
            {
                throw error
            } catch {}
        }
        return true
    }
}

extension StoreError {
    /// An SQLite error that says the store file is damaged (found while a run reads a page
    /// that the header checks could not see), told as such; nil for any other error.
    public static func damage(_ error: Error, path: String) -> StoreError? {
        guard let db = error as? DatabaseError,
            db.resultCode == .SQLITE_CORRUPT || db.resultCode == .SQLITE_NOTADB
        else { return nil }
        return StoreFile.damaged(path, "is damaged (SQLite: \(db.message ?? "\(db.resultCode)"))")
    }

    /// Any SQLite error as a store error: damage as such, anything else (a full disk, a
    /// read-only file, a busy database past its timeout) as I/O; nil for other errors.
    static func sqlite(_ error: Error, path: String) -> StoreError? {
        if let damaged = damage(error, path: path) { return damaged }
        guard let db = error as? DatabaseError else { return nil }
        return StoreError(.io, "\(path): SQLite: \(db.message ?? "\(db.resultCode)")")
    }
}
