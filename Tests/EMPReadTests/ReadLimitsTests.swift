import EMPCore
import EMPRead
import EMPTestSupport
import Foundation
import Testing

/// A field or record past the reader's limits is cut: a prefix kept, the rest skipped to the
/// record's end (quotes understood), the lines after it counted right, whatever the chunking.
@Suite struct ReadLimitsTests {
    func cut(_ path: String, field: Int = 16, record: Int = 1 << 20, chunk: Int = 1 << 16) throws -> [Rec] {
        let reader = CSVReader(path: path)
        reader.limits = ReadLimits(fieldBytes: field, recordBytes: record)
        reader.chunkSize = chunk
        var out: [Rec] = []
        try reader.read { r in
            out.append(
                Rec(line: r.line, fields: r.fields.map { String(decoding: $0, as: UTF8.self) }, problem: r.problem))
        }
        return out
    }

    func oversize(_ r: Rec) -> Oversize? {
        if case .oversized(let o) = r.problem { return o }
        return nil
    }

    @Test(arguments: [3, 7, 64, 1 << 16])
    func aLongQuotedFieldWithLineBreaksIsSkippedToItsRecordsEnd(chunk: Int) throws {
        let long = "\"" + String(repeating: "ab\n\"\",", count: 20) + "\""
        let path = tempFile("a,b\n1,x\n2,\(long),tail\n3,y\n")
        let rows = try cut(path, chunk: chunk)
        #expect(rows.map(\.line) == [1, 2, 3, 24], "20 quoted line breaks, then line 24")
        #expect(rows.last?.fields == ["3", "y"])
        let o = try #require(oversize(rows[2]))
        #expect(o.field == 1 && !o.wholeRecord && o.limit == 16)
        #expect(rows[2].fields.first == "2", "the fields before the long one are kept")
    }

    @Test func anUnquotedFieldOfAMegabyteKeepsOnlyItsPrefix() throws {
        let path = tempFile("a,b\n1," + String(repeating: "9", count: 1 << 20) + "\n2,z\n")
        let rows = try cut(path, field: 1000)
        #expect(rows.map(\.line) == [1, 2, 3])
        #expect(rows[1].fields[1].count == Oversize.prefixBytes)
        #expect(oversize(rows[1])?.field == 1)
        #expect(rows[2].fields == ["2", "z"])
    }

    @Test func aRecordOfManySmallFieldsIsCutAtTheRecordLimit() throws {
        let path = tempFile("a,b\n" + String(repeating: "x,", count: 5000) + "\n1,2\n")
        let rows = try cut(path, field: 100, record: 1000, chunk: 512)
        #expect(rows.map(\.line) == [1, 2, 3])
        let o = try #require(oversize(rows[1]))
        #expect(o.wholeRecord && o.limit == 1000 && o.field == 1000)
        #expect(rows[2].fields == ["1", "2"])
    }

    @Test func aFileCutAtTheEndDeliversItsLastRecord() throws {
        let path = tempFile("a\n\"" + String(repeating: "q", count: 500))
        let rows = try cut(path, field: 100, chunk: 64)
        #expect(rows.count == 2)
        #expect(oversize(rows[1])?.field == 0)
    }

    @Test func aFifoADeviceAndAKernelFileAreNotRead() throws {
        let fifo = "\(try scratchDir("emp-fifo"))/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, "/dev/zero", "/proc/self/environ"] {
            #expect(throws: CSVReader.ReadError.self, "\(path)") { try CSVReader(path: path).read { _ in } }
        }
        #expect(InputFile.refusal(fifo).map { "\($0)" }?.contains("a FIFO") == true)
        #expect(InputFile.refusal("/proc/self/environ").map { "\($0)" }?.contains("file of /proc") == true)
    }
}
