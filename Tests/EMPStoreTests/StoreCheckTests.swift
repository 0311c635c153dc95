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
func publishedStore(_ backend: Backend) throws -> TestStore {
    let t = try TestStore(backend)
    let store = t.store
    let run = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
    try store.save(batch("a", [observation("MDA", 2019, 10)]), runID: run)
    try store.stage(
        run: run, changes: [], firstSeq: 0, rendered: [rendered("MDA", "3600"), rendered("JAM", "12")], redigested: [:])
    try store.stageTableOutput(
        run: run, name: "measures.csv", digest: "m", content: Data("ref_area,value\nMDA,1.5\n".utf8))
    try store.publish(run: run, dropped: [], batches: [], end: RunEnd(outcome: .published, exitCode: 0))
    return t
}

/// Flips one bit of a blob in the store file, as a bad disk or a bad copy would.
func flipByte(_ t: TestStore, table: String, column: String, key: String, value: String) throws {
    var bytes = try #require(try t.data("SELECT \(column) FROM \(table) WHERE \(key) = ?", [.text(value)]))
    bytes[bytes.count / 2] ^= 0x01
    try t.execute("UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", [.data(bytes), .text(value)])
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

    @Test(arguments: Backend.allCases) func aSoundStorePassesItsCheck(_ backend: Backend) throws {
        let t = try publishedStore(backend)
        let store = t.store
        #expect(try store.check() == [])
        #expect(try store.countryOutput("MDA")?.isIntact == true)
        let table = try #require(try store.tableOutput("measures.csv"))
        #expect(table.isIntact && table.digest == "m" && table.content == Data("ref_area,value\nMDA,1.5\n".utf8))
    }

    @Test(arguments: Backend.allCases) func aFlippedByteInAKeptRenderingIsFoundAndNamed(_ backend: Backend) throws {
        let t = try publishedStore(backend)
        let store = t.store
        try flipByte(
            t, table: "country_renderings", column: "content", key: "format = 'indicators' AND ref_area",
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

    @Test(arguments: Backend.allCases) func aFlippedByteInAKeptTableIsFoundAndNamed(_ backend: Backend) throws {
        let t = try publishedStore(backend)
        let store = t.store
        try flipByte(t, table: "table_outputs", column: "content", key: "name", value: "measures.csv")
        #expect(try store.tableOutput("measures.csv")?.isIntact == false)
        let run = try #require(try store.lastPublished()?.run.id)
        #expect(
            try store.check() == [
                "table measures.csv: its kept bytes (run \(run)) do not match their digest: `emp run --full` renders "
                    + "it again"
            ])
    }

    @Test(arguments: Backend.allCases) func aTableKeptWithoutItsDigestIsNotUsedAgainButIsNoProblem(
        _ backend: Backend
    ) throws {
        let t = try publishedStore(backend)
        let store = t.store
        // As a store from before migration v2 has it.
        try t.execute("UPDATE table_outputs SET content_sha256 = NULL")
        let table = try #require(try store.tableOutput("measures.csv"))
        #expect(table.contentSHA256 == nil && !table.isIntact)
        #expect(try store.check() == [])
    }

    @Test(arguments: Backend.allCases) func aBatchWhoseReportDoesNotDecodeIsNamed(_ backend: Backend) throws {
        let t = try publishedStore(backend)
        let store = t.store
        let id = try #require(try store.currentBatches()["a"]?.id)
        try t.execute("UPDATE batches SET report = '{\"name\": 1' WHERE id = ?", [.int(id)])
        let problems = try store.check()
        #expect(problems.count == 1)
        #expect(
            problems.first?.hasPrefix("batch \(id) (a): its quality report does not decode (") == true, "\(problems)")
    }

    @Test(arguments: Backend.allCases) func aStoreWithoutItsIdentityIsNamed(_ backend: Backend) throws {
        let t = try publishedStore(backend)
        let store = t.store
        try t.execute("DELETE FROM meta WHERE key = 'store_id'")
        #expect(
            try store.check() == ["the store has no identity (meta.store_id is missing): outputs cannot be tied to it"])
    }
}
