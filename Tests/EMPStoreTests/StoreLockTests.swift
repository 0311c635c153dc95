import EMPStore
import EMPStoreSQLite
import Foundation
import Testing

/// What a lock taken on another thread saw, shared with the test.
final class LockWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var asked = 0, acquired = false, release = false
    let done = DispatchSemaphore(value: 0)

    func ask() { lock.withLock { asked += 1 } }
    var waiting: Bool { lock.withLock { asked > 0 } }
    func take() { lock.withLock { acquired = true } }
    var holds: Bool { lock.withLock { acquired } }
    func letGo() { lock.withLock { release = true } }
    var toldToLetGo: Bool { lock.withLock { release } }
}

func inode(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? Int
}

/// Waits (up to 5 s) for a condition another thread makes true.
func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<500 where !condition() { usleep(10_000) }
    return condition()
}

// flock locks belong to an open file description, so two `StoreLock`s in one process
// conflict as two processes would: these tests need no second process.
@Suite struct StoreLockTests {
    @Test func deletingTheLockFileDoesNotLetASecondRunIn() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var a: StoreLock? = try StoreLock(storePath: store.path, command: "emp run a.yml", wait: false)
        try FileManager.default.removeItem(atPath: a!.path)
        do {
            _ = try StoreLock(storePath: store.path, command: "emp run b.yml", wait: false)
            Issue.record("a second lock was taken while the first was held")
        } catch let held as StoreLock.Held {
            #expect(
                held.holder.hasPrefix("pid \(getpid()): emp run a.yml (since "),
                "the holder's note, read under the second name")
        }
        var asked = 0
        #expect(throws: StoreLock.GaveUp.self) {
            try StoreLock(storePath: store.path, command: "emp run b.yml", wait: true) {
                asked += 1; return asked == 3
            }
        }
        #expect(asked == 3, "it waited")
        a = nil
        let b = try StoreLock(storePath: store.path, command: "emp run b.yml", wait: false)
        #expect(
            inode(b.path) != nil && inode(b.path) == inode(b.secondPath), "both names lead to the new holder's file")
    }

    @Test func deletingTheSecondNameDoesNotLetASecondRunInEither() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var a: StoreLock? = try StoreLock(storePath: store.path, command: "emp run a.yml", wait: false)
        #expect(inode(a!.path) == inode(a!.secondPath))
        try FileManager.default.removeItem(atPath: a!.secondPath)
        #expect(throws: StoreLock.Held.self) {
            try StoreLock(storePath: store.path, command: "emp run b.yml", wait: false)
        }
        a = nil
        let b = try StoreLock(storePath: store.path, command: "emp run b.yml", wait: false)
        #expect(inode(b.path) == inode(b.secondPath), "the second name is made again")
    }

    /// B waits on A's file; the file is deleted and C makes and takes a new one (both names
    /// gone: the one case the second name cannot cover). When A ends, B gets the lock on a
    /// file nobody can find any more: it must notice, and wait for C.
    @Test func aRunThatWaitedOnAReplacedFileWaitsForTheNewOne() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = store.path
        var a: StoreLock? = try StoreLock(storePath: path, command: "emp run a.yml", wait: false)
        let watch = LockWatch()
        let b = Thread {
            if let lock = try? StoreLock(
                storePath: path, command: "emp run b.yml", wait: true,
                giveUp: {
                    watch.ask(); return false
                })
            {
                watch.take()
                _ = eventually { watch.toldToLetGo }
                withExtendedLifetime(lock) {}
            }
            watch.done.signal()
        }
        b.start()
        #expect(eventually { watch.waiting })
        try FileManager.default.removeItem(atPath: a!.path)
        try FileManager.default.removeItem(atPath: a!.secondPath)
        var c: StoreLock? = try StoreLock(storePath: path, command: "emp run c.yml", wait: false)
        a = nil
        usleep(500_000)
        #expect(!watch.holds, "B holds A's old file, which no name leads to: it must not run beside C")
        withExtendedLifetime(c) {}
        c = nil
        #expect(eventually { watch.holds }, "once C ends, B has the lock")
        watch.letGo()
        watch.done.wait()
    }

    /// B waits on A's file; its first name is deleted. When A ends, B has the lock of a file
    /// only the second name leads to: it must make and lock a file under the first name (or
    /// the next run, finding no file there, would make one and look no further than B).
    @Test func aRunThatWaitedOnADeletedFileLocksOneWithBothNames() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = store.path
        var a: StoreLock? = try StoreLock(storePath: path, command: "emp run a.yml", wait: false)
        let (first, second) = (a!.path, a!.secondPath)
        let watch = LockWatch()
        let b = Thread {
            if let lock = try? StoreLock(
                storePath: path, command: "emp run b.yml", wait: true,
                giveUp: {
                    watch.ask(); return false
                })
            {
                watch.take()
                _ = eventually { watch.toldToLetGo }
                withExtendedLifetime(lock) {}
            }
            watch.done.signal()
        }
        b.start()
        #expect(eventually { watch.waiting })
        try FileManager.default.removeItem(atPath: first)
        withExtendedLifetime(a) {}
        a = nil
        #expect(eventually { watch.holds })
        #expect(inode(first) != nil && inode(first) == inode(second), "B holds the file both names lead to")
        #expect(throws: StoreLock.Held.self) { try StoreLock(storePath: path, command: "emp run c.yml", wait: false) }
        watch.letGo()
        watch.done.wait()
    }

    @Test func aLockPathThatIsASymbolicLinkIsRefused() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/elsewhere"
        _ = FileManager.default.createFile(atPath: target, contents: Data("keep\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: store.path + ".lock", withDestinationPath: target)
        do {
            _ = try StoreLock(storePath: store.path, command: "emp run a.yml", wait: false)
            Issue.record("locked through a link")
        } catch let error as StoreError {
            #expect(
                error.description
                    == "\(store.path).lock: the lock file is a symbolic link; emp locks only a file of its own: "
                    + "remove the link"
            )
        }
        #expect(FileManager.default.contents(atPath: target) == Data("keep\n".utf8), "the link's target is untouched")
        try FileManager.default.removeItem(atPath: store.path + ".lock")
        let second = (dir as NSString).appendingPathComponent(".emp-lock.s.emp.sqlite")
        try FileManager.default.createSymbolicLink(atPath: second, withDestinationPath: target)
        #expect(throws: StoreError.self) { try StoreLock(storePath: store.path, command: "emp run a.yml", wait: false) }
        #expect(FileManager.default.contents(atPath: target) == Data("keep\n".utf8))
    }
}
