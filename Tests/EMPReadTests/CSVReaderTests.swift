import EMPRead
import EMPTestSupport
import Foundation
import Testing

/// Writes `bytes` to a fresh temporary file and returns its path.
func tempFile(_ bytes: [UInt8], name: String = "t.csv") -> String {
    let path = "\(try! scratchDir("emp-read"))/\(name)"
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

func tempFile(_ text: String) -> String { tempFile(Array(text.utf8)) }

struct Rec: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var problem: CSVRecord.Problem?
    var description: String { "\(line):\(fields)\(problem.map { " \($0)" } ?? "")" }
}

func records(_ path: String, _ dialect: Dialect = .standard, chunk: Int? = nil) throws -> [Rec] {
    let reader = CSVReader(path: path, dialect: dialect)
    if let chunk { reader.chunkSize = chunk }
    var out: [Rec] = []
    try reader.read { r in
        out.append(Rec(line: r.line, fields: r.fields.map { String(decoding: $0, as: UTF8.self) }, problem: r.problem))
    }
    return out
}

@Suite struct CSVReaderTests {
    @Test func quotedNewlinesKeepLineNumbers() throws {
        let path = tempFile("a,b\n1,\"two\nlines\"\n2,z\n")
        #expect(
            try records(path) == [
                Rec(line: 1, fields: ["a", "b"]), Rec(line: 2, fields: ["1", "two\nlines"]),
                Rec(line: 4, fields: ["2", "z"]),
            ])
    }

    @Test func crlfAndBlankLinesCountAsLines() throws {
        let path = tempFile("a,b\r\n1,x\r\n\r\n2,y\r\n")
        #expect(try records(path).map(\.line) == [1, 2, 4])
        #expect(try records(path).last?.fields == ["2", "y"])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let path = tempFile([0xEF, 0xBB, 0xBF] + Array("country,year\nMDA,2019\n".utf8))
        var summary: CSVReader.Summary?
        var first: [String] = []
        summary = try CSVReader(path: path).read { r in
            if first.isEmpty { first = r.fields.map { String(decoding: $0, as: UTF8.self) } }
        }
        #expect(first == ["country", "year"])
        #expect(summary?.hadBOM == true)
    }

    @Test func utf16IsRecognisedNotParsed() throws {
        let path = tempFile([0xFF, 0xFE, 0x61, 0x00])
        let summary = try CSVReader(path: path).read { _ in Issue.record("no record expected") }
        #expect(summary.foreignBOM == "UTF-16")
    }

    @Test func declaredDelimiters() throws {
        #expect(
            try records(tempFile("a;b\n1,5;2\n"), Dialect(delimiter: UInt8(ascii: ";"))).last?.fields == ["1,5", "2"])
        #expect(try records(tempFile("a\tb\nx y\tz\n"), Dialect(delimiter: 9)).last?.fields == ["x y", "z"])
    }

    @Test func spacesAreDataUnlessTrimmingIsAsked() throws {
        let path = tempFile("a,b\n 34 ,x\n")
        #expect(try records(path).last?.fields == [" 34 ", "x"])
        #expect(try records(path, Dialect(trim: true)).last?.fields == ["34", "x"])
    }

    @Test func misplacedQuoteCostsOneRow() throws {
        let path = tempFile("a,b,c\n1,ab\"c,3\n2,x,y\n")
        let recs = try records(path)
        #expect(recs.count == 3)
        #expect(recs[1].line == 2)
        #expect(recs[1].problem == .badQuoting(text: "1,ab\"c,3"))
        #expect(recs[2] == Rec(line: 3, fields: ["2", "x", "y"]))
    }

    /// A quote never closed (issue 13, point 16): its line is one bad record, cut at its own
    /// line, and the lines after it are records again — one stray quote costs one row.
    @Test func unterminatedQuoteCostsItsLineAlone() throws {
        let recs = try records(tempFile("a,b\n1,\"open\n2,x\n3,y\n"))
        #expect(recs.count == 4)
        #expect(recs[1].problem == .unterminatedQuote && recs[1].line == 2)
        #expect(recs[1].fields == ["1", "open"])
        #expect(recs[2] == Rec(line: 3, fields: ["2", "x"]))
        #expect(recs[3] == Rec(line: 4, fields: ["3", "y"]))
        // On the last line there is nothing after it to read again.
        let last = try records(tempFile("a,b\n1,x\n2,\"open\n"))
        #expect(last.count == 3 && last[2].problem == .unterminatedQuote && last[2].line == 3)
    }

    /// Past `max_field_bytes` the open quote is cut like a long field, then read as a quote never
    /// closed: the lines after it are records again, whatever the file's size.
    @Test func unterminatedQuoteInALargeFileCostsItsLineAlone() throws {
        let rows = (0..<10000).map { "\($0),row\($0)" }.joined(separator: "\n")
        let recs = try records(tempFile("a,b\n1,\"open\n" + rows + "\n"))
        #expect(recs.count == 10002)
        #expect(recs[1].problem == .unterminatedQuote && recs[1].line == 2)
        #expect(recs[2] == Rec(line: 3, fields: ["0", "row0"]))
        #expect(recs.last == Rec(line: 10002, fields: ["9999", "row9999"]))
    }

    @Test func tinyChunksGiveTheSameRecords() throws {
        let text = "a,b\r\n1,\"q\"\"uote\"\r\n2,\"multi\nline\"\r\n3,bad\"q\r\n\r\n4,end"
        let path = tempFile(text)
        let whole = try records(path)
        for chunk in [1, 2, 3, 7] {
            #expect(try records(path, chunk: chunk) == whole, "chunk size \(chunk)")
        }
        #expect(whole.map(\.line) == [1, 2, 3, 5, 7])
        #expect(whole[1].fields == ["1", "q\"uote"])
        #expect(whole[3].problem != nil)
        #expect(whole[4].fields == ["4", "end"])
    }

    @Test func emptyFileHasNoRecords() throws {
        #expect(try records(tempFile("")).isEmpty)
    }

    @Test func hashIsOfTheWholeFile() throws {
        let summary = try CSVReader(path: tempFile("abc")).read { _ in }
        #expect(summary.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(summary.bytes == 3)
    }

    @Test func missingFileIsAnError() {
        #expect(throws: CSVReader.ReadError.self) { try CSVReader(path: "/nonexistent/x.csv").read { _ in } }
    }

    @Test func invalidUTF8IsLocated() {
        let latin1: [UInt8] = Array("Mold".utf8) + [0xE9] + Array("x".utf8)
        #expect(UTF8Text.decode(latin1) == .failure(UTF8Error(offset: 4, byte: 0xE9)))
        #expect(UTF8Text.decode(Array("Chișinău".utf8)) == .success("Chișinău"))
    }
}
