import EMPRead
import Foundation
import Testing

/// Declared encodings are transcoded chunk by chunk: characters split across chunk
/// boundaries (a UTF-16 code unit, a surrogate pair) come out whole.
@Suite struct TranscoderTests {
    func read(_ bytes: [UInt8], _ encoding: TextEncoding, chunk: Int) throws -> [[String]] {
        let reader = CSVReader(path: tempFile(bytes), encoding: encoding)
        reader.chunkSize = chunk
        var out: [[String]] = []
        try reader.read { r in out.append(r.fields.map { String(decoding: $0, as: UTF8.self) }) }
        return out
    }

    static let text = "geo;value\nTürkiye;66401851\nCôte d’Ivoire;😀\n"

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func utf16LittleEndianAtEveryChunkSize(chunk: Int) throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Self.text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let rows = try read(bytes, .utf16, chunk: chunk)
        #expect(rows == [["geo;value"], ["Türkiye;66401851"], ["Côte d’Ivoire;😀"]])
    }

    @Test func utf16BigEndianWithBOM() throws {
        let bytes: [UInt8] = [0xFE, 0xFF] + Self.text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try read(bytes, .utf16, chunk: 3)[1] == ["Türkiye;66401851"])
    }

    @Test func utf16WithoutBOMMustBeDeclaredWithItsByteOrder() throws {
        let bytes: [UInt8] = Self.text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: CSVReader.ReadError.self) { try read(bytes, .utf16, chunk: 64) }
        #expect(try read(bytes, .utf16le, chunk: 4)[1] == ["Türkiye;66401851"])
    }

    @Test func loneSurrogateBecomesAnInvalidByteNotASilentReplacement() throws {
        let units: [UInt16] = Array("a\n".utf16) + [0xD800] + Array("b\n".utf16)
        let rows = try read([0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, .utf16, chunk: 64)
        #expect(rows[1].first?.utf8.contains(0xEF) == true, "U+FFFD marks the place once decoded for display")
    }

    @Test func singleByteCodePages() throws {
        // ü is 0xFC in Windows-1252 and ISO-8859-1, 0x81 in CP850; ’ is 0x92 in Windows-1252.
        #expect(try read(Array("T".utf8) + [0xFC] + Array("rkiye\n".utf8), .windows1252, chunk: 2) == [["Türkiye"]])
        #expect(try read(Array("T".utf8) + [0xFC] + Array("rkiye\n".utf8), .iso88591, chunk: 2) == [["Türkiye"]])
        #expect(try read(Array("T".utf8) + [0x81] + Array("rkiye\n".utf8), .cp850, chunk: 2) == [["Türkiye"]])
        #expect(try read([0x92, 0x0A], .windows1252, chunk: 1) == [["’"]])
    }

    @Test func undefinedWindows1252ByteStaysInvalid() throws {
        let reader = CSVReader(path: tempFile([0x61, 0x81, 0x0A]), encoding: .windows1252)
        var fields: [[UInt8]] = []
        try reader.read { fields = $0.fields }
        #expect(fields == [[0x61, 0xFF]], "0x81 is undefined in Windows-1252: reported, not guessed")
    }
}
