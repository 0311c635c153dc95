/// CSV text already in memory (the head of a file `emp inspect` looks at), split by the same
/// libcsv parser and dialect rules as a file: emp has one CSV grammar, so what a guess sees is
/// what a run will read.
extension CSVReader {
    /// Every record of `bytes`, in order; a record with a quoting problem carries it, as from a file.
    public static func records(_ bytes: [UInt8], dialect: Dialect = .standard) throws -> [CSVRecord] {
        var out: [CSVRecord] = []
        let state = ParserState(dialect: dialect) { out.append($0.materialize()) }
        defer { state.free() }
        try state.feed(bytes, path: "(text)")
        try state.finish(path: "(text)")
        return out
    }

    /// The fields of one physical line (no line break in it) as text. An empty line is one
    /// empty field; a line with a misplaced quote gives the fields libcsv read before it.
    public static func fields(ofLine line: String, delimiter: UInt8) -> [String] {
        let dialect = Dialect(delimiter: delimiter)
        guard let record = (try? records(Array(line.utf8), dialect: dialect))?.first else { return [""] }
        return record.fields.map { String(decoding: $0, as: UTF8.self) }
    }
}
