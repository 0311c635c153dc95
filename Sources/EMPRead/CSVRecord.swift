/// One record as libcsv split it: raw field bytes (quotes removed), and the physical line it
/// starts on (1-based; quoted newlines counted, so line numbers match an editor's).
public struct CSVRecord: Sendable {
    public var line: Int
    public var fields: [[UInt8]]
    /// Set when the record could not be split cleanly; `fields` is then partial.
    public var problem: Problem?

    public enum Problem: Sendable, Equatable {
        /// A quote in the wrong place (e.g. `ab"c` or `"a"b`); `text` is the raw line.
        case badQuoting(text: String)
        /// A quoted field still open at the end of the file.
        case unterminatedQuote
        /// A field or the record past the reader's limits: `fields` ends with the prefix of
        /// the field that crossed it (see `ReadLimits`).
        case oversized(Oversize)
    }

    public init(line: Int, fields: [[UInt8]], problem: Problem? = nil) {
        self.line = line
        self.fields = fields
        self.problem = problem
    }

    /// The field as text, or where its UTF-8 is broken.
    public func text(_ index: Int) -> Result<String, UTF8Error> {
        UTF8Text.decode(fields[index])
    }
}

public struct UTF8Error: Error, Sendable, Equatable {
    /// 0-based offset of the first byte that is not valid UTF-8, and that byte.
    public var offset: Int
    public var byte: UInt8

    public init(offset: Int, byte: UInt8) {
        self.offset = offset
        self.byte = byte
    }
}

public enum UTF8Text {
    public static func decode(_ bytes: [UInt8]) -> Result<String, UTF8Error> {
        if bytes.allSatisfy({ $0 < 0x80 }) { return .success(String(decoding: bytes, as: UTF8.self)) }
        if let s = String(validating: bytes, as: UTF8.self) { return .success(s) }
        return .failure(firstInvalid(bytes))
    }

    /// Walks the UTF-8 sequences to find the first byte that breaks them.
    static func firstInvalid(_ b: [UInt8]) -> UTF8Error {
        var i = 0
        while i < b.count {
            let c = b[i]
            let need: Int
            switch c {
            case 0x00...0x7F: need = 0
            case 0xC2...0xDF: need = 1
            case 0xE0...0xEF: need = 2
            case 0xF0...0xF4: need = 3
            default: return UTF8Error(offset: i, byte: c)
            }
            for k in 1...max(need, 1) where need > 0 {
                guard i + k < b.count, b[i + k] & 0xC0 == 0x80 else { return UTF8Error(offset: i, byte: c) }
            }
            i += need + 1
        }
        return UTF8Error(offset: 0, byte: b.first ?? 0)
    }
}
