import EMPAggregate
import EMPCore
import EMPStore
import EMPStoreSQLite
import EMPValidate
import Foundation
import GRDB
import Testing

func temporaryStore() throws -> (SQLiteStore, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-store-unit-\(UUID().uuidString)").path
    return (try SQLiteStore(path: "\(dir)/s.emp.sqlite", flags: CodeLists.shared.obsStatus), dir)
}

func observation(
    _ area: String, _ year: Int, _ value: Double?, partner: String = "_T", status: ObsStatus = .normal, line: Int = 2
) -> Observation {
    var dims = Dimensions()
    dims.partner = partner
    return Observation(
        domain: .inflows, refArea: area, year: year, direction: .inbound, dims: dims, value: value, status: status,
        line: line)
}

/// Two rejected rows, one with a comma and a quote in a cell and one with fewer cells than the header.
let keptRows = Quarantine(
    header: ["country", "year", "persons"],
    rows: [
        RejectedRow(
            line: 4, rule: "bad-year;unknown-code", column: "year;country", value: "20x9;XX", reason: "a; b",
            cells: ["XX", "20x9", "1,2\"3"]),
        RejectedRow(line: 7, rule: "ragged-row", column: "", value: "", reason: "2 fields", cells: ["MDA", "2019"]),
    ])

func batch(_ source: String, _ rows: [Observation], microdata: MicrodataShare? = nil) -> NewBatch {
    NewBatch(
        source: source, domain: "inflows", fingerprint: "f-\(source)-\(rows.count)",
        file: FileStamp(path: "/data/\(source).csv", sha256: "abc", bytes: 10, mtimeNs: 1, ctimeNs: 1, inode: 7),
        stampedAtNs: 5, report: SourceReport(name: source, domain: "inflows", path: "\(source).csv"),
        quarantine: keptRows,
        observations: ObservationTable(rows), microdata: microdata, coverage: ["MDA": [2019: [.inflows]]])
}

@Suite struct StoreTests {
    /// A measures batch is kept as one deflated payload, not a row per value, and gives its
    /// observations back exactly: every field, the 64 bits of each value, a missing one, order.
    @Test(arguments: Backend.allCases) func aMeasuresBatchIsKeptWholeAndComesBackExactly(_ backend: Backend) throws {
        let t = try TestStore(backend)
        let store = t.store
        let run = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
        func measure(_ area: String, _ value: Double?, _ period: String?, _ unit: String, line: Int) -> Observation {
            var o = Observation(
                domain: .measures, refArea: area, year: 2011, direction: .outbound, dims: Dimensions(), value: value,
                status: value == nil ? .missing : CodeLists.shared.obsStatus["E"]!, line: line)
            (o.measure, o.unit, o.period) = ("remittance_cost_total", unit, period)
            o.dims.partner = "FJI"
            return o
        }
        let rows = [
            measure("AUS", 15.8252944946289, "2011-Q1", "PC", line: 2), measure("AUS", nil, "2011-Q2", "PC", line: 3),
            measure("NZL", 0.1 + 0.2, nil, "a;b,\u{1F}\"c", line: 9),
        ]
        var b = batch("costs", rows)
        b.domain = "measures"
        let id = try store.save(b, runID: run)
        var back: [Observation] = []
        try store.observations(batch: id, countries: nil) { back.append($0) }
        #expect(back.count == 3)
        #expect(back[0].value == 15.8252944946289 && back[0].period == "2011-Q1" && back[0].status.code == "E")
        #expect(back[1].value == nil && back[1].status.isMissing && back[1].line == 3)
        #expect(back[2].value == 0.1 + 0.2 && back[2].unit == "a;b,\u{1F}\"c" && back[2].period == nil)
        #expect(
            back.map(\.dims.partner) == ["FJI", "FJI", "FJI"]
                && back.map(\.direction) == [.outbound, .outbound, .outbound])
        var onlyNZL: [String] = []
        try store.observations(batch: id, countries: ["NZL"]) { onlyNZL.append($0.refArea) }
        #expect(onlyNZL == ["NZL"])
        #expect(try t.int("SELECT count(*) FROM observations WHERE batch_id = ?", [.int(id)]) == 0)
        #expect(try t.int("SELECT rows FROM batch_payloads WHERE batch_id = ?", [.int(id)]) == 3)
        #expect(try store.check() == [])
    }

    @Test(arguments: Backend.allCases) func observationsComeBackExactlyAndInFileOrder(_ backend: Backend) throws {
        let t = try TestStore(backend)
        let store = t.store
        let run = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
        let rows = [
            observation("MDA", 2019, 0.1 + 0.2, partner: "UKR", line: 2),
            observation("MDA", 2019, nil, partner: "RUS", status: CodeLists.shared.obsStatus["M"]!, line: 3),
            observation("JAM", 2018, 1e15 + 0.5, status: CodeLists.shared.obsStatus["P"]!, line: 9),
        ]
        let id = try store.save(batch("a", rows), runID: run)
        var back: [Observation] = []
        try store.observations(batch: id, countries: nil) { back.append($0) }
        #expect(back.count == 3)
        #expect(back[0].value == 0.1 + 0.2, "bit for bit")
        #expect(back[0].dims.partner == "UKR" && back[0].line == 2 && back[0].direction == .inbound)
        #expect(back[1].value == nil && back[1].status.code == "M" && back[1].status.isMissing)
        #expect(back[2].value == 1e15 + 0.5 && back[2].status.code == "P")
        var onlyJamaica: [String] = []
        try store.observations(batch: id, countries: ["JAM"]) { onlyJamaica.append($0.refArea) }
        #expect(onlyJamaica == ["JAM"])
        #expect(try store.quarantine(batch: id) == .rows(keptRows), "rejected rows come back as values, cell for cell")
        let current = try store.currentBatches()
        #expect(current["a"]?.id == id && current["a"]?.file.inode == 7)
        #expect(try store.check() == [])
    }

    @Test(arguments: Backend.allCases) func aCountryDigestChangesOnlyWithThatCountrysRows(_ backend: Backend) throws {
        let t = try TestStore(backend)
        let store = t.store
        let run = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
        let one = try store.save(
            batch("a", [observation("MDA", 2019, 10), observation("JAM", 2019, 5, line: 3)]), runID: run)
        // Same rows on other lines (a blank line added above them), one Jamaican value revised.
        let two = try store.save(
            batch("a", [observation("MDA", 2019, 10, line: 3), observation("JAM", 2019, 6, line: 4)]), runID: run)
        let d = try store.countryDigests(batches: [one, two])
        #expect(d["MDA"]![0] == d["MDA"]![1] && d["MDA"]![0].hasPrefix("a:"))
        #expect(d["JAM"]![0] != d["JAM"]![1])
        #expect(try store.currentBatches()["a"]?.id == two, "the new batch is current; the old one stays")
        #expect(try store.batchHistory(limit: 10).count == 2)
    }

    @Test(arguments: Backend.allCases) func microdataBlocksComeBackAsTheSameSums(_ backend: Backend) throws {
        let t = try TestStore(backend)
        let store = t.store
        let cube = Cube()
        for (partner, weight) in [("UKR", 1.25), ("RUS", 2.5), ("UKR", 0.75)] {
            var dims = Dimensions()
            dims.partner = partner
            dims.sex = "F"
            cube.add(
                Observation(
                    domain: .microdata, refArea: "MDA", year: 2020, direction: .inbound, dims: dims, value: weight,
                    status: .normal, line: 2))
        }
        var flagged = Dimensions()
        flagged.partner = "ITA"
        cube.add(
            Observation(
                domain: .microdata, refArea: "MDA", year: 2020, direction: .inbound, dims: flagged, value: 4,
                status: CodeLists.shared.obsStatus["E"]!, line: 5))
        let run = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
        let id = try store.save(batch("survey", [], microdata: cube.microdataShare), runID: run)
        let restored = try #require(Cube(share: try store.microdataShare(batch: id, countries: nil)))
        let key = TableKey(domain: .inflows, refArea: "MDA", year: 2020, direction: .inbound)
        let sums = restored.marginal(key)!.sums(by: .partner, in: ["UKR", "RUS", "ITA"])
        #expect(sums["UKR"]?.value == 2 && sums["RUS"]?.value == 2.5 && sums["ITA"]?.value == 4)
        #expect(sums["ITA"]?.status.code == "E")
        #expect(restored.records("MDA", 2020, .inbound) == 4)
        #expect(try store.microdataShare(batch: id, countries: ["JAM"]).groups.isEmpty)
    }

    @Test func changesPairOldAndNewValuesByKey() {
        func v(_ id: String, _ year: Int, _ value: String, _ status: String = "A") -> PublishedValue {
            PublishedValue(
                key: SeriesKey(
                    refArea: "MDA", indicator: id, sex: "_T", counterpart: "_T", sector: "_Z", rank: "_Z", year: year),
                value: value, unit: "PS", status: status)
        }
        let changes = ValueChange.between(
            old: [v("a", 2019, "1"), v("b", 2019, "2"), v("c", 2019, "3"), v("d", 2019, "4")],
            new: [v("a", 2019, "1"), v("b", 2019, "2.5"), v("c", 2019, "3", "P"), v("e", 2019, "5")])
        #expect(changes.map(\.kind) == [.revised, .reflagged, .removed, .added])
        #expect(changes.map(\.key.indicator) == ["b", "c", "d", "e"])
        #expect(ChangeCounts(changes) == ChangeCounts(added: 1, removed: 1, revised: 1, reflagged: 1))
    }

    @Test(arguments: Backend.allCases) func aPublicationKeepsEveryVintage(_ backend: Backend) throws {
        let t = try TestStore(backend)
        let store = t.store
        let key = SeriesKey(
            refArea: "MDA", indicator: "imm_inflow", sex: "_T", counterpart: "_T", sector: "_Z", rank: "_Z", year: 2019)
        let first = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
        let v1 = PublishedValue(key: key, value: "3600", unit: "PS", status: "A")
        try store.stage(
            run: first, changes: ValueChange.between(old: [], new: [v1]), firstSeq: 0, rendered: [], redigested: [:])
        #expect(try store.currentValues(of: "MDA").isEmpty, "staged, not yet published")
        try store.publish(run: first, dropped: [], batches: [], end: RunEnd(outcome: .published, exitCode: 0))
        let second = try store.beginRun(command: "run", pipeline: "p.yml", full: false)
        let v2 = PublishedValue(key: key, value: "3602", unit: "PS", status: "P")
        let old = try store.currentValues(of: "MDA")
        try store.stage(
            run: second, changes: ValueChange.between(old: old, new: [v2]), firstSeq: 0, rendered: [], redigested: [:])
        try store.publish(run: second, dropped: [], batches: [], end: RunEnd(outcome: .published, exitCode: 0))
        #expect(try store.currentValues(of: "MDA").map(\.value) == ["3602"])
        let diff = try store.changes(ofRun: second)
        #expect(
            diff.count == 1 && diff[0].kind == .revised && diff[0].old?.value == "3600" && diff[0].new?.status == "P")
        #expect(try store.changes(ofRun: first).map(\.kind) == [.added])
        #expect(try store.lastPublished()?.run.id == second)
        #expect(try store.check() == [])
    }

    @Test func aSecondLockIsRefusedWithTheHoldersName() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let held = try StoreLock(storePath: store.path, command: "emp run p.yml", wait: false)
        #expect(throws: StoreLock.Held.self) {
            try StoreLock(storePath: store.path, command: "emp run p.yml", wait: false)
        }
        do { _ = try StoreLock(storePath: store.path, command: "x", wait: false) } catch let e as StoreLock.Held {
            #expect(e.holder.hasPrefix("pid \(getpid()): emp run p.yml (since "))
        }
        withExtendedLifetime(held) {}
    }
}
