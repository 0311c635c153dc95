import Foundation
import Testing

@testable import EMPStoreSQLite

/// Issue 15: a measures batch is deflated as it is encoded (`DeflateStream`), never held whole.
/// What it keeps must inflate to the bytes given, in the kept form `Deflate` reads.
@Suite struct DeflateStreamTests {
    /// Bytes that compress a little (a repeating text with a counter in it), over many chunks.
    static func sample(_ n: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for i in 0..<n { bytes += Array("MDA,2019,F,ITA,\(i * 7919 % 100_003);".utf8) }
        return bytes
    }

    @Test(arguments: [0, 1, 3_000, 200_000]) func whatItKeepsInflatesToTheBytesGiven(_ n: Int) throws {
        let bytes = Self.sample(n)
        let stream = DeflateStream()
        // In pieces of every size: a byte, a field, more than a chunk at once.
        var at = 0, step = 1
        while at < bytes.count {
            let end = min(at + step, bytes.count)
            if end - at == 1 { stream.append(bytes[at]) } else { stream.append(contentsOf: bytes[at..<end]) }
            at = end
            step = step * 3 % 100_001 + 1
        }
        let kept = stream.finish()
        #expect(try Deflate.decompress(kept) == Data(bytes))
        // The same zlib stream as deflating the whole at once, so a store keeps the same bytes.
        #expect(kept == Deflate.compress(Data(bytes)))
        if n == 200_000 { #expect(kept.count < bytes.count / 3) }
    }

    @Test(arguments: [0, 3_000, 200_000]) func whatIsKeptIsReadBackInPieces(_ n: Int) throws {
        let bytes = Self.sample(n)
        let reader = try InflateStream(Deflate.compress(Data(bytes)))
        var back: [UInt8] = [], step = 1
        while back.count < bytes.count {
            let piece = try #require(try reader.take(min(step, bytes.count - back.count)))
            back += piece
            step = step * 5 % 70_001 + 1
        }
        #expect(back == bytes)
        #expect(try reader.take(1) == nil)
        try reader.finish()
    }

    @Test func aKeptValueCutShortOrAlteredIsDamagedNotAHang() throws {
        let kept = Deflate.compress(Data(Self.sample(50_000)))
        let cut = try InflateStream(kept.prefix(kept.count / 2))
        #expect(throws: (any Error).self) { while try cut.take(1 << 12) != nil {} }
        var altered = kept
        altered[kept.count / 2] ^= 0xFF
        let bad = try InflateStream(altered)
        #expect(throws: (any Error).self) {
            while try bad.take(1 << 12) != nil {}
            try bad.finish()
        }
        #expect(throws: (any Error).self) { try InflateStream(kept.prefix(5)) }
    }
}
