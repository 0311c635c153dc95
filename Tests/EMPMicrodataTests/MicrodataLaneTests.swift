import EMPEmit
import EMPAggregate
import EMPConfig
import EMPCore
@testable import EMPMicrodata
import EMPTestSupport
import EMPValidate
import Foundation
import Testing

let sourceYAML = """
    version: 1
    name: t
    sources:
      - name: micro
        domain: microdata
        path: data.csv
        columns: { ref_area: country, time_period: year, direction: dir, partner: partner, sex: sex, age_years: age,
                   education: edu, duration_months: months, reason: reason, sector: sector, occupation: occ, weight: w }
        values:
          direction: { in: IN, out: OUT }
          reason: { labour: WORK, family: FAMILY, "": _U }
          sector: { "": _Z }
          occupation: { "": _Z }
    """

/// One ingest of `csv` into a fresh cube: with the lane (on `threads` threads) or without.
func ingest(_ csv: String, lane useLane: Bool, threads: Int = 1) throws -> (Cube, SourceReport, String) {
    let dir = try scratchDir("emp-micro")
    _ = FileManager.default.createFile(atPath: "\(dir)/data.csv", contents: Data(csv.utf8))
    let config = try PipelineLoader.parse(sourceYAML, file: "t.yml")
    let cube = Cube()
    let codes = CodeNormalizer(iso: iso)
    let rejected = QuarantineCollector()
    let context = IngestContext(
        codes: codes, rates: ExchangeRates(), tolerancePct: 0.5, quarantine: rejected, threads: threads)
    let source = config.sources[0]
    let lane =
        useLane ? MicrodataLane(source: source, codes: codes, store: cube.micro, absorb: { cube.absorb($0) }) : nil
    let report = SourceIngest(source: source, path: "\(dir)/data.csv", displayPath: "data.csv", context: context)
        .run(lane: lane) { cube.add($0) }
    let quarantine = rejected.collected.map { String(decoding: QuarantineFile.render($0), as: UTF8.self) } ?? ""
    return (cube, report, quarantine)
}

/// Every table of the cube, as text: what the indicators are computed from.
func tables(_ cube: Cube) -> [String] {
    var out: [String] = []
    for country in cube.countries {
        for year in cube.years(of: country) {
            for domain in cube.domains(of: country, year: year) {
                for dir in [Direction.inbound, .outbound] {
                    guard let cells = cube.table(TableKey(domain: domain, refArea: country, year: year, direction: dir))
                    else { continue }
                    for (dims, cell) in cells where cell.total != 0 {
                        out.append(
                            "\(country) \(year) \(domain) \(dir) \(dims.label) = \(cell.total) \(cell.status.code)")
                    }
                }
            }
            for dir in [Direction.inbound, .outbound] {
                out.append("\(country) \(year) \(dir) records \(cube.records(country, year, dir) ?? -1)")
            }
        }
    }
    return out.sorted()
}

let header = "country,year,dir,partner,sex,age,edu,months,reason,sector,occ,w\n"

@Suite struct MicrodataLaneTests {
    /// Records the lane must take, and records it must leave to the ordinary path (which
    /// accepts some of them and quarantines the rest): the result must be the same.
    @Test func laneAgreesWithTheOrdinaryPathOnOddRecords() throws {
        let csv =
            header + """
                MDA,2019,in,UKR,F,34,6,12,labour,Q,5,12.5
                MDA,2019,in,UA,M,34,6,12,labour,Q,5,7
                498,2019,out,ITA,2,25,3,3,family,,,0.5
                MDA,2019,out,ITA,F,24,_U,2,,T,53,1.25
                MDA,2019,out,ITA,F,131,3,2,labour,C,7,3
                MDA,2019,out,XXX,F,40,3,2,labour,C,7,3
                MDA,2019,out,ITA,F,40,3,2,labour,C,7,012.5
                MDA,2019,out,ITA,F,40,3,2,labour,C,7,0.001
                MDA,2019,out,ITA,F,40,3,2,labour,C,7,-4
                MDA,2019,out,ITA,F,40,3,2,labour,C,7,
                MDA,2019,out,ITA,F,40,3,2,labour,C,7,1e2
                MDA,2019,out,ITA,F,040,3,2,labour,C,7,2
                MDA,2019,out,ITA,F,40,3,2,labour,C,7,2.345
                MDA,2019,out,ITA,F,40,3,2,labour,C,7
                MDA,2019,sideways,ITA,F,40,3,2,labour,C,7,2
                MDA,2019,out,ITA,F,40,3,2,labour,C,7,"2"
                MDA,1899,out,ITA,F,40,3,2,labour,C,7,2
                JAM,2020,in,USA,F,40,8,60,family,,,99999999.99

                """
        let (fast, fastReport, fastQ) = try ingest(csv, lane: true)
        let (slow, slowReport, slowQ) = try ingest(csv, lane: false)
        #expect(tables(fast) == tables(slow))
        #expect(fastQ == slowQ)
        #expect(fastReport.accepted == slowReport.accepted)
        #expect(fastReport.quarantined == slowReport.quarantined)
        #expect(fastReport.rowsRead == 18)
        // Rejected: age 131, XXX, -4, empty weight, age 040, short row, 'sideways', 1899.
        #expect(fastReport.quarantined == 8)
        // Accepted through the ordinary path and summed in whole cents like the lane's records:
        // 0.5 + 1.25 + 012.5 + 0.001 (no cent) + 1e2 (E notation, issue 13) + 2.345 (235 cents) + "2".
        #expect(tables(fast).contains("MDA 2019 outflows outbound partner=ITA = 118.6 A"))
        #expect(fast.records("MDA", 2019, .outbound) == 7)
    }

    /// Sub-major occupation codes beyond the store's room go the general path and still count.
    @Test func codesBeyondTheStoresRoomStillCount() throws {
        var csv = header
        for (i, occ) in [
            "11", "12", "13", "14", "21", "22", "23", "24", "25", "26", "31", "32", "33", "34", "35", "41", "42", "43",
        ].enumerated() {
            csv += "MDA,2019,out,ITA,F,40,3,12,labour,C,\(occ),\(i + 1)\n"
        }
        let (fast, report, _) = try ingest(csv, lane: true)
        let (slow, _, _) = try ingest(csv, lane: false)
        #expect(report.accepted == 18)
        #expect(tables(fast) == tables(slow))
        #expect(fast.records("MDA", 2019, .outbound) == 18)
    }

    /// A file large enough to be read on two threads gives exactly what one thread gives,
    /// quarantine lines included; and a cut that falls inside a quoted line break is noticed.
    @Test(arguments: [false, true]) func twoThreadsGiveWhatOneGives(quotedBreakAtTheCut: Bool) throws {
        var lines: [String] = []
        let partners = ["ITA", "ROU", "RUS", "DEU", "UKR"]
        for i in 0..<110_000 {
            let bad = i % 997 == 0
            // A 600 KB quoted field full of line breaks around the middle of the file.
            let reason =
                quotedBreakAtTheCut && i == 52_000 ? "\"" + String(repeating: "x\n", count: 300_000) + "\"" : "labour"
            let fields = [
                bad ? "QQQ" : "MDA", "\(2015 + i % 5)", i % 2 == 0 ? "in" : "out", partners[i % 5],
                i % 3 == 0 ? "F" : "M",
                "\(20 + i % 40)", "\(i % 9)", "\(3 + i % 50)", reason, ["A", "C", "Q"][i % 3], "\(i % 10)",
                "\(i % 100 + 1).\(i % 10)5",
            ]
            lines.append(fields.joined(separator: ","))
        }
        let csv = header + lines.joined(separator: "\n") + "\n"
        #expect(csv.utf8.count > 4 << 20)
        let (one, oneReport, oneQ) = try ingest(csv, lane: true, threads: 1)
        let (two, twoReport, twoQ) = try ingest(csv, lane: true, threads: 2)
        #expect(oneReport.rowsRead == 110_000 && twoReport.rowsRead == 110_000)
        // The second thread's records stand only when the cut fell between records.
        #expect(oneReport.threads == 1)
        #expect(oneReport.sha256 == twoReport.sha256 && oneReport.bytes == twoReport.bytes)
        #expect(twoReport.threads == (quotedBreakAtTheCut ? 1 : 2))
        #expect(oneReport.accepted == twoReport.accepted)
        #expect(oneQ == twoQ)
        #expect(oneReport.diagnostics.map(\.line) == twoReport.diagnostics.map(\.line))
        #expect(tables(one) == tables(two))
        // Every 997th record has an unknown country: 111 of them; the huge quoted reason is no reason.
        #expect(twoReport.countsByRule["unknown-country"] == 111)
        #expect(twoReport.quarantined == 111 + (quotedBreakAtTheCut ? 1 : 0))
    }
}

@Suite struct WeightParserTests {
    @Test func plainWeightsBecomeCents() {
        func cents(_ s: String, _ d: Character = ".") -> Int64? {
            Array(s.utf8).withUnsafeBufferPointer { WeightParser.cents($0, decimal: d.asciiValue!) }
        }
        #expect(cents("7") == 700)
        #expect(cents("0.5") == 50)
        #expect(cents("12.50") == 1250)
        #expect(cents("12,5", ",") == 1250)
        #expect(cents("999999999999.99") == 99_999_999_999_999)
        // Left to the ordinary path: zero, signs, exponents, three decimals, bare marks, empty.
        for s in ["0", "0.00", "-1", "+1", "1e2", "1.234", ".5", "5.", "", "12,5", "1 000"] {
            #expect(cents(s) == nil, "\(s)")
        }
    }
}

/// A microdata file that yields no record fails its source, with or without the lane, on one
/// thread or two (issue 18: a release never loses what was published).
@Suite struct MicrodataNoRecordTests {
    @Test(arguments: [false, true]) func headerOnly(lane: Bool) throws {
        let (_, report, _) = try ingest(header, lane: lane)
        #expect(report.status == .failed)
        #expect(report.failure == "empty-file: the file has a header but no data rows")
        #expect(report.diagnostics.map(\.rule) == [.emptyFile])
        #expect((report.rowsRead, report.accepted, report.quarantined, report.filtered) == (0, 0, 0, 0))
    }

    @Test(arguments: [false, true]) func everyRecordRejected(lane: Bool) throws {
        let csv =
            header + """
                MDA,2019,sideways,ITA,F,40,3,2,labour,C,7,2
                QQQ,2019,out,ITA,F,40,3,2,labour,C,7,2
                MDA,2019,out,ITA,F,40,3,2,labour,C,7,-4

                """
        let (cube, report, quarantine) = try ingest(csv, lane: lane)
        #expect(report.status == .failed)
        #expect(report.failure == "no row accepted: 3 read, 3 quarantined, 0 filtered")
        #expect((report.rowsRead, report.accepted, report.quarantined, report.filtered) == (3, 0, 3, 0))
        let d = report.diagnostics.first { $0.rule == .noRowAccepted }
        #expect(d?.file == "data.csv")
        #expect(
            d?.hint
                == "every row was rejected: fix the problems reported for this file (quarantine/micro.csv has each row)"
        )
        #expect(quarantine.split(separator: "\n").count == 4)
        #expect(cube.countries.isEmpty)
    }

    /// A file large enough to be split between two threads, every record with an unknown country.
    @Test func everyRecordRejectedOnTwoThreads() throws {
        var csv = header
        for i in 0..<100_000 {
            csv += "QQQ,\(2015 + i % 5),in,ITA,F,\(20 + i % 40),3,12,labour,C,7,\(i % 100 + 1).25\n"
        }
        #expect(csv.utf8.count > 4 << 20)
        let (_, report, _) = try ingest(csv, lane: true, threads: 2)
        #expect(report.threads == 2, "the second half was read on its own thread")
        #expect(report.failure == "no row accepted: 100000 read, 100000 quarantined, 0 filtered")
        #expect(report.accepted == 0)
        #expect(report.diagnostics.first?.rule == .noRowAccepted)
    }

    /// A microdata source with a filter is read through the reshaping stage; a typo there fails it.
    @Test func filterTypo() throws {
        let dir = try scratchDir("emp-micro")
        _ = FileManager.default.createFile(
            atPath: "\(dir)/data.csv",
            contents: Data(
                (header + """
                    MDA,2019,in,UKR,F,34,6,12,labour,Q,5,12.5
                    MDA,2019,out,ITA,M,34,6,12,family,Q,5,7

                    """).utf8))
        let config = try PipelineLoader.parse(sourceYAML + "\n    filter: { dir: [in, out, inn] }\n", file: "t.yml")
        let cube = Cube()
        let codes = CodeNormalizer(iso: iso)
        let source = config.sources[0]
        let lane = MicrodataLane(source: source, codes: codes, store: cube.micro, absorb: { cube.absorb($0) })
        let report = SourceIngest(
            source: source, path: "\(dir)/data.csv", displayPath: "data.csv",
            context: IngestContext(codes: codes, rates: ExchangeRates(), tolerancePct: 0.5, quarantine: nil)
        )
        .run(lane: lane) { cube.add($0) }
        #expect(report.failure == "filter-unmatched: filter dir=inn matched no row")
        #expect(report.diagnostics.map(\.message) == ["filter dir=inn matched no row; the column has in, out"])
        #expect((report.rowsRead, report.accepted, report.quarantined, report.filtered) == (2, 2, 0, 0))
    }
}
