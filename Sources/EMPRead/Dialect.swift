/// How a source's bytes are split into fields. Declared per source, never guessed.
public struct Dialect: Sendable, Equatable {
    public var delimiter: UInt8
    public var quote: UInt8
    /// libcsv trims spaces and tabs around unquoted fields by default; emp keeps them as data
    /// unless a source asks for trimming.
    public var trim: Bool

    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""), trim: Bool = false) {
        self.delimiter = delimiter
        self.quote = quote
        self.trim = trim
    }

    public static let standard = Dialect()
}
