import EMPPipeline
import Foundation
import Testing

/// File system errors in a sentence (issue 13, point 17): the file they name, what happened
/// and what to do — never Foundation's `NSCocoaErrorDomain Code=640` nor the store's path
/// for a file of the release. (A full disk, tried by hand on a 200 kB tmpfs, gives the first.)
@Suite struct FileSystemErrorTests {
    @Test func aFullDiskNamesTheFileAndTheWayOut() {
        let full = NSError(
            domain: NSCocoaErrorDomain, code: NSFileWriteOutOfSpaceError,
            userInfo: [NSFilePathErrorKey: "/srv/out/.out.tmp-1/report/JAM.html"])
        let e = RunError.from(full, context: "/srv/out.emp.sqlite")
        #expect(e.status.rawValue == 74)
        #expect(
            e.message
                == "/srv/out/.out.tmp-1/report/JAM.html: the disk is full; nothing was published and the release "
                + "stays as it was. Free some space, or give --output (and --store) a disk with room")
        let posix = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))
        #expect(
            RunError.from(posix, context: "/srv/out.emp.sqlite").message.hasPrefix(
                "/srv/out.emp.sqlite: the disk is full"))
    }

    @Test func aRefusedWriteSaysWhoMayWrite() {
        let denied = NSError(
            domain: NSCocoaErrorDomain, code: NSFileWriteNoPermissionError, userInfo: [NSFilePathErrorKey: "/srv/out"])
        #expect(RunError.from(denied).message.hasPrefix("/srv/out: permission denied; nothing was published."))
    }

    /// A record of the store that no longer decodes is a damaged store, said so with the way out.
    @Test func aRecordTheStoreCannotDecodeIsADamagedStore() throws {
        struct Kept: Decodable { var rows_read: Int }
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode(Kept.self, from: Data("{}".utf8))
        }
        let e = RunError.from(error, context: "/srv/out.emp.sqlite")
        #expect(e.status.rawValue == 74)
        #expect(
            e.message.hasPrefix(
                "/srv/out.emp.sqlite: a record kept in the store cannot be read (no key 'rows_read'): the store is damaged."
            ))
        #expect(!e.message.contains("keyNotFound"))
    }
}
