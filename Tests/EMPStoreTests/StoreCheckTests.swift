import EMPStore
import EMPStoreSQLite
import Foundation
import GRDB
import Testing

func rendered(_ area: String, _ text: String) -> CountryOutput {
    let (long, wide, profile) = (
        Data("\(area),\(text)\n".utf8), Data("\(area);\(text)\n".utf8), Data("{\"\(area)\":\"\(text)\"}".utf8)
    )
    let parts = ["indicators": long, "indicators_wide": wide, "profiles": profile]
    return CountryOutput(
        refArea: area, digest: "in-\(area)", rendering: CountryOutput.renderingDigest(parts), rows: 1, parts: parts)
}

/// A store with one published run that kept MDA's and JAM's renderings and measures.csv.
func publishedStore() throws -> (SQLiteStore, String) {
    let (store, dir) = try temporaryStore()
    let run = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
    try store.save(batch("a", [observation("MDA", 2019, 10)]), runID: run)
    try store.stage(
        run: run, changes: [], firstSeq: 0, rendered: [rendered("MDA", "3600"), rendered("JAM", "12")], redigested: [:])
    try store.stageTableOutput(
        run: run, name: "measures.csv", digest: "m", content: Data("ref_area,value\nMDA,1.5\n".utf8))
    try store.publish(run: run, dropped: [], batches: [], end: RunEnd(outcome: .published, exitCode: 0))
    return (store, dir)
}

/// Flips one bit of a blob in the store file, as a bad disk or a bad copy would.
func flipByte(_ path: String, table: String, column: String, key: String, value: String) throws {
    try rawDatabase(path).write { db in
        var bytes = try #require(
            try Data.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE \(key) = ?", arguments: [value]))
        bytes[bytes.count / 2] ^= 0x01
        try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", arguments: [bytes, value])
    }
}

@Suite struct StoreCheckTests {
    /// The digest the pipeline has always written (`Digest.sha256Hex(fields:)` of the three
    /// parts' SHA-256s, joined by U+001F): stores already written must still check.
    @Test func theRenderingDigestIsThePipelinesDigest() {
        #expect(
            CountryOutput.renderingDigest(["indicators": Data(), "indicators_wide": Data(), "profiles": Data()])
                == "4e8abf663a689fa7e64d603fb84a4cedc0bc322c0003d072855bc2deea86772b")
        #expect(
            CountryOutput.renderingDigest([
                "profiles": Data("{}".utf8), "indicators_wide": Data("w".utf8), "indicators": Data("l".utf8),
            ])
                == "496abf9b13236d7aea96e162c0f2e88509610f0b159748f35b082805804363fc")
    }

    @Test func aSoundStorePassesItsCheck() throws {
        let (store, dir) = try publishedStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try store.check() == [])
        #expect(try store.countryOutput("MDA")?.isIntact == true)
        let table = try #require(try store.tableOutput("measures.csv"))
        #expect(table.isIntact && table.digest == "m" && table.content == Data("ref_area,value\nMDA,1.5\n".utf8))
    }

    @Test func aFlippedByteInAKeptRenderingIsFoundAndNamed() throws {
        let (store, dir) = try publishedStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try flipByte(
            store.path, table: "country_renderings", column: "content", key: "format = 'indicators' AND ref_area",
            value: "MDA")
        #expect(try store.countryOutput("MDA")?.isIntact == false)
        #expect(try store.countryOutput("JAM")?.isIntact == true)
        let run = try #require(try store.lastPublished()?.run.id)
        #expect(
            try store.check() == [
                "country MDA: its kept rendering (run \(run)) does not match its digest: `emp run --full` renders it "
                    + "again"
            ])
    }

    @Test func aFlippedByteInAKeptTableIsFoundAndNamed() throws {
        let (store, dir) = try publishedStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try flipByte(store.path, table: "table_outputs", column: "content", key: "name", value: "measures.csv")
        #expect(try store.tableOutput("measures.csv")?.isIntact == false)
        let run = try #require(try store.lastPublished()?.run.id)
        #expect(
            try store.check() == [
                "table measures.csv: its kept bytes (run \(run)) do not match their digest: `emp run --full` renders "
                    + "it again"
            ])
    }

    @Test func aTableKeptWithoutItsDigestIsNotUsedAgainButIsNoProblem() throws {
        let (store, dir) = try publishedStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // As a store from before migration v2 has it.
        try rawDatabase(store.path).write { try $0.execute(sql: "UPDATE table_outputs SET content_sha256 = NULL") }
        let table = try #require(try store.tableOutput("measures.csv"))
        #expect(table.contentSHA256 == nil && !table.isIntact)
        #expect(try store.check() == [])
    }

    @Test func aBatchWhoseReportDoesNotDecodeIsNamed() throws {
        let (store, dir) = try publishedStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let id = try #require(try store.currentBatches()["a"]?.id)
        try rawDatabase(store.path).write {
            try $0.execute(sql: "UPDATE batches SET report = '{\"name\": 1' WHERE id = ?", arguments: [id])
        }
        let problems = try store.check()
        #expect(problems.count == 1)
        #expect(
            problems.first?.hasPrefix("batch \(id) (a): its quality report does not decode (") == true, "\(problems)")
    }

    @Test func aStoreWithoutItsIdentityIsNamed() throws {
        let (store, dir) = try publishedStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try rawDatabase(store.path).write { try $0.execute(sql: "DELETE FROM meta WHERE key = 'store_id'") }
        #expect(
            try store.check() == ["the store has no identity (meta.store_id is missing): outputs cannot be tied to it"])
    }
}
