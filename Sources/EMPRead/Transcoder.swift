/// The encodings emp transcodes to UTF-8 before parsing. Declared per source, never guessed.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"  // byte-order mark required
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1252 = "windows-1252"
    case iso88591 = "iso-8859-1"
    case cp850
}

/// Streams bytes of a declared encoding into UTF-8, one chunk at a time: a UTF-16 code unit or
/// surrogate pair split across chunks is carried over. A byte or sequence that the encoding
/// does not define becomes 0xFF, which is never valid UTF-8, so the field that holds it is
/// reported as `bad-encoding` with its line instead of being silently replaced.
struct Transcoder {
    static let invalid: UInt8 = 0xFF

    let encoding: TextEncoding
    private var bigEndian: Bool?
    private var carry: [UInt8] = []
    private var highSurrogate: UInt32?

    init(encoding: TextEncoding) {
        self.encoding = encoding
        if encoding == .utf16le { bigEndian = false }
        if encoding == .utf16be { bigEndian = true }
    }

    enum Failure: Error { case noByteOrderMark }

    /// The UTF-8 for the next chunk of the file.
    mutating func transcode(_ bytes: [UInt8]) throws -> [UInt8] {
        switch encoding {
        case .utf8: return bytes
        case .iso88591: return singleByte(bytes, table: nil)
        case .windows1252: return singleByte(bytes, table: CodePages.windows1252)
        case .cp850: return singleByte(bytes, table: CodePages.cp850)
        case .utf16, .utf16le, .utf16be: return try utf16(bytes)
        }
    }

    /// Bytes left at the end of the file: half a code unit or a lone surrogate is invalid.
    mutating func finish() -> [UInt8] {
        let dangling = !carry.isEmpty || highSurrogate != nil
        carry.removeAll()
        highSurrogate = nil
        return dangling ? [Transcoder.invalid] : []
    }

    private func singleByte(_ bytes: [UInt8], table: [UInt32]?) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let scalar = table.map { $0[Int(b) - 0x80] } ?? UInt32(b)
            if scalar == 0 { out.append(Transcoder.invalid) } else { Transcoder.appendUTF8(scalar, to: &out) }
        }
        return out
    }

    private mutating func utf16(_ chunk: [UInt8]) throws -> [UInt8] {
        var bytes = carry + chunk
        carry.removeAll()
        if bigEndian == nil {
            guard bytes.count >= 2 else { carry = bytes; return [] }
            if bytes[0] == 0xFF && bytes[1] == 0xFE {
                bigEndian = false
            } else if bytes[0] == 0xFE && bytes[1] == 0xFF {
                bigEndian = true
            } else {
                throw Failure.noByteOrderMark
            }
            bytes.removeFirst(2)
        }
        let big = bigEndian!
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2 + 16)
        var i = 0
        while i + 1 < bytes.count {
            let unit = big ? UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) : UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i])
            i += 2
            decodeUnit(unit, into: &out)
        }
        if i < bytes.count { carry = [bytes[i]] }
        return out
    }

    private mutating func decodeUnit(_ unit: UInt32, into out: inout [UInt8]) {
        if let high = highSurrogate {
            highSurrogate = nil
            if (0xDC00...0xDFFF).contains(unit) {
                Transcoder.appendUTF8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &out)
                return
            }
            out.append(Transcoder.invalid)
        }
        switch unit {
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF: out.append(Transcoder.invalid)
        default: Transcoder.appendUTF8(unit, to: &out)
        }
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

extension TextEncoding {
    /// A small buffer (a file's head, for `emp inspect`) as text; nil if `utf-16` has no BOM.
    /// Bytes the encoding does not define show as U+FFFD.
    public func decode(_ bytes: [UInt8]) -> String? {
        var t = Transcoder(encoding: self)
        guard let out = try? t.transcode(bytes) else { return nil }
        return String(decoding: out + t.finish(), as: UTF8.self)
    }
}
