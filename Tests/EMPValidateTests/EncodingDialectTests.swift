import EMPCore
import Foundation
import Testing

/// Encodings and dialects, each on the same real slice: Eurostat population on 1 January by
/// country name (`Türkiye`, `Austria`), re-encoded as offices receive it.
@Suite struct EncodingDialectTests {
    static let slice = String(
        decoding: realLines(
            "eurostat-sdmx-csv/country_population.csv", header: 1,
            containing: ["Türkiye,2003", "Austria,2003", "Türkiye,2004"]), as: UTF8.self)
    static let source = """
        domain: population
        layout: { kind: sdmx-csv }
        columns: { ref_area: geo }
        """

    func check(_ run: IngestRun) {
        #expect(run.report.quarantined == 0)
        #expect(run.value("TUR", 2003)?.value == 66_401_851, "Türkiye matched through iso-codes names")
        #expect(run.value("TUR", 2004)?.value == 67_187_251)
        #expect(run.value("AUT", 2003)?.value == 8_100_273)
    }

    @Test func utf8WithAndWithoutBOM() throws {
        check(try ingest(Self.source, Self.slice))
        check(try ingest(Self.source + "\nencoding: utf-8-sig", [0xEF, 0xBB, 0xBF] + Array(Self.slice.utf8)))
    }

    @Test func utf16WithBOM() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Self.slice.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        check(try ingest(Self.source + "\nencoding: utf-16", bytes))
    }

    @Test func utf16DeclaredAsUTF8IsAnErrorThatNamesTheFix() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Self.slice.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let run = try ingest(Self.source, bytes)
        #expect(run.report.status == .failed)
        #expect(run.diagnostics(.badEncoding).first?.hint.contains("encoding: utf-16") == true)
    }

    /// UTF-16 without a byte-order mark, read as UTF-8: the header is named as UTF-16 with its
    /// byte order, not as six missing columns ('t a r a'), and declaring it reads it (issue 13, 17).
    @Test(arguments: ["le", "be"])
    func utf16WithoutAMarkIsNamedWithItsByteOrder(order: String) throws {
        let bytes: [UInt8] = Self.slice.utf16.flatMap {
            order == "le" ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)]
        }
        let run = try ingest(Self.source, bytes)
        #expect(run.report.status == .failed)
        let d = try #require(run.diagnostics(.badEncoding).first)
        #expect(d.message.contains("UTF-16 (\(order == "le" ? "little" : "big")-endian) without a byte-order mark"))
        #expect(d.hint.contains("encoding: utf-16\(order)"))
        #expect(run.diagnostics(.missingColumn).isEmpty)
        check(try ingest(Self.source + "\nencoding: utf-16\(order)", bytes))
    }

    @Test(arguments: [("windows-1252", String.Encoding.windowsCP1252), ("iso-8859-1", .isoLatin1)])
    func singleByteEncodings(name: String, encoding: String.Encoding) throws {
        let bytes = Array(Self.slice.data(using: encoding)!)
        #expect(bytes.contains(0xFC), "ü is one byte")
        check(try ingest(Self.source + "\nencoding: \(name)", bytes))
    }

    @Test func cp850() throws {
        let bytes = Array(Self.slice.utf8).split(separator: 0xC3, omittingEmptySubsequences: false)
            .enumerated().flatMap { i, part in i == 0 ? Array(part) : [0x81] + part.dropFirst() }
        check(try ingest(Self.source + "\nencoding: cp850", bytes))
    }

    @Test func legacyBytesDeclaredAsUTF8AreAnErrorNamingTheLine() throws {
        let bytes = Array(Self.slice.data(using: .windowsCP1252)!)
        let run = try ingest(Self.source, bytes)
        let d = run.diagnostics(.badEncoding)
        #expect(d.count == 2, "the two Türkiye rows")
        #expect(d.map(\.line) == [3, 4], "Austria is line 2")
        #expect(d.first?.column == "geo")
        #expect(d.first?.hint.contains("encoding: windows-1252") == true)
        #expect(run.value("AUT", 2003)?.value == 8_100_273, "the other rows are read")
    }

    /// Reshaped layouts decode header names and codes themselves: Latin-1 bytes there are
    /// `bad-encoding` too, never a replacement character (`C\u{FFFD}te d'Ivoire`).
    @Test func legacyBytesInReshapedLayoutsAreBadEncoding() throws {
        let latin1: (String) -> [UInt8] = { Array($0.data(using: .isoLatin1)!) }
        let matrix = """
            domain: stocks
            layout: { kind: matrix, row_labels: origin, columns_name: residence }
            columns: { ref_area: residence, partner: origin }
            constants: { direction: IN, time_period: "2013" }
            """
        let header = try ingest(matrix, latin1("origin,Côte d'Ivoire,MEX\nUSA,1,2\n"))
        #expect(header.report.status == .failed, "a header name that cannot be read blocks the file")
        #expect(header.diagnostics(.badEncoding).map(\.place) == ["1 #2"])
        let label = try ingest(matrix, latin1("origin,USA,MEX\nCôte d'Ivoire,1,2\nUSA,,3\n"))
        #expect(label.diagnostics(.badEncoding).map(\.column) == ["origin"])
        #expect(label.diagnostics(.badEncoding).first?.cells == 2, "both cells of line 2")
        #expect(label.accepted.map(\.value) == [3])
        let wide = try ingest(
            "domain: inflows\nlayout: { kind: wide }\ncolumns: { ref_area: Pays }",
            latin1("Pays,Région,2019\nMDA,x,5\n"))
        #expect(wide.diagnostics(.badEncoding).map(\.column) == ["#2"])
        let tsv = try ingest(
            "domain: inflows\nlayout: { kind: eurostat-tsv }\ncolumns: { ref_area: geo }",
            latin1("unit,geo\\time\t2019 \nNR,Côte d'Ivoire\t5 \nNR,MD\t6 \n"))
        #expect(tsv.diagnostics(.badEncoding).map(\.place) == ["2 geo"])
        #expect(tsv.accepted.map(\.value) == [6])
        let sdmx = try ingest(
            "domain: inflows\nlayout: { kind: sdmx-csv }\ncolumns: { ref_area: geo }",
            latin1("DATAFLOW,geo: Country,TIME_PERIOD,OBS_VALUE\nX,CI: Côte d'Ivoire,2019,5\nX,MD: Moldova,2019,6\n"))
        #expect(sdmx.diagnostics(.badEncoding).map(\.place) == ["2 geo"])
    }

    /// tps00177 figures as an Excel export in a German locale writes them.
    @Test func semicolonDecimalCommaAndGrouping() throws {
        let csv = "geo;year;persons\nAT;2019;68.280\nBE;2010;66.013\nDE;2016;533.762,0\nEL;2008;43.04\n"
        let run = try ingest(
            """
            domain: outflows
            dialect: { delimiter: ";", decimal: ",", grouping: "." }
            columns: { ref_area: geo, time_period: year, value: persons }
            """, csv)
        #expect(run.value("AUT", 2019)?.value == 68_280)
        #expect(run.value("DEU", 2016)?.value == 533_762)
        #expect(run.diagnostics(.notANumber).first?.value == "43.04", "a group of two digits is not grouping")
    }

    @Test func spaceGroupingIncludingNoBreakSpaces() throws {
        let csv = "geo,year,persons\nAT,2019,68 280\nBE,2010,66\u{00A0}013\nDE,2016,533\u{202F}762\n"
        let run = try ingest(
            """
            domain: outflows
            dialect: { grouping: " " }
            columns: { ref_area: geo, time_period: year, value: persons }
            """, csv)
        #expect(run.accepted.map { $0.value } == [68_280, 66_013, 533_762])
    }
}

extension Diagnostic {
    /// `2 geo`: the line and column a user is sent to.
    fileprivate var place: String { "\(line.map(String.init) ?? "-") \(column ?? "-")" }
}
