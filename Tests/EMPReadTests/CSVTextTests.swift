import EMPRead
import Testing

/// Text in memory goes through the same parser as a file (`emp inspect` splits a head with it).
@Suite struct CSVTextTests {
    @Test func aLineIsSplitLikeAFileRow() {
        #expect(
            CSVReader.fields(ofLine: #"KOR,"Korea, Rep.",12"#, delimiter: 0x2C) == ["KOR", "Korea, Rep.", "12"],
            "a quoted delimiter")
        #expect(CSVReader.fields(ofLine: #"a;"say ""hi""";c"#, delimiter: 0x3B) == ["a", #"say "hi""#, "c"])
        #expect(
            CSVReader.fields(ofLine: "geo\\time\t2019 ", delimiter: 0x09) == ["geo\\time", "2019 "],
            "spaces are data")
        #expect(CSVReader.fields(ofLine: "", delimiter: 0x2C) == [""], "an empty line is one empty field")
        #expect(CSVReader.fields(ofLine: "a,,", delimiter: 0x2C) == ["a", "", ""])
    }

    @Test func recordsKeepTheirLinesAndProblems() throws {
        let records = try CSVReader.records(Array("a,b\n1,\"two\nlines\"\n2,x\"y\n".utf8))
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[1].fields.map { String(decoding: $0, as: UTF8.self) } == ["1", "two\nlines"])
        #expect(records[2].problem == .badQuoting(text: "2,x\"y"))
    }
}
