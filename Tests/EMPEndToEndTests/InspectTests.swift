import EMPTestSupport
import Foundation
import Testing

/// `emp inspect` on each real layout: what it reports, and that the source block it prints
/// loads as a pipeline and reads the file (with the placeholder domain, population).
@Suite struct InspectTests {
    func inspect(_ file: String) throws -> String {
        let r = try emp(["inspect", "\(repositoryRoot)/datasets/real-world/\(file)"])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// The printed block as a one-source pipeline, validated by emp itself.
    func validateBlock(_ out: String) throws -> Exec {
        let block = out.components(separatedBy: "check every ← before use):\n\n").last ?? ""
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-inspect-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yml = "\(dir)/p.yml"
        try ("version: 1\nname: inspected\nsources:\n" + block).write(toFile: yml, atomically: true, encoding: .utf8)
        return try emp(["validate", yml, "--output", "\(dir)/out"])
    }

    @Test func worldBankWide() throws {
        let out = try inspect("wdi-remittances-paid-wide/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv")
        #expect(out.contains("encoding:   utf-8-sig (UTF-8 byte-order mark)"))
        #expect(out.contains("header:     line 5, after 4 preamble line(s)"))
        #expect(out.contains("layout:     wide (61 period columns: 1960 … 2020)"))
        #expect(out.contains("Country Code              'ABW', 'AFE', 'AFG'"))
        #expect(out.contains("the header ends with an empty column"))
        #expect(out.contains("layout: { kind: wide, header_row: 5 }"))
        #expect(out.contains("columns: { ref_area: 'Country Code' }"))
        let run = try validateBlock(out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("16226 rows read"), "266 lines × 61 years")
    }

    /// A header cell with a quoted line break is one record (issue 13, point 11): the header
    /// is line 3, not the first data row, and the country column is the one named for it
    /// (the small numbers of `World` are ISO numeric codes too).
    @Test func aHeaderWithAQuotedLineBreakIsOneRecord() throws {
        let r = try emp(["inspect", "\(repositoryRoot)/Tests/EMPEndToEndTests/Fixtures/ingest/tiny_break.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("header:     line 3, after 2 preamble line(s)"), "\(r.stdout)")
        #expect(r.stdout.contains("Sort ⏎order               '1', '2', '3'"))
        #expect(r.stdout.contains("layout: { kind: long, header_row: 3 }"))
        #expect(r.stdout.contains("columns: { ref_area: 'Country code' }"))
    }

    /// Code page 850 (a DOS export of a UN matrix: ô is 0x93) is told from Windows-1252, where
    /// 0x93 is a quotation mark (issue 13, point 11, part).
    @Test func codePage850IsToldFromWindows1252() throws {
        let dir = try scratchDir("emp-inspect-cp850")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dos: [UInt8] =
            Array("code,name,value\nCIV,C".utf8) + [0x93] + Array("te d'Ivoire,1\nFRA,Fran".utf8) + [0x87]
            + Array("ais,2\n".utf8)
        let windows: [UInt8] =
            Array("code,name,value\nCIV,".utf8) + [0x93] + Array("quoted".utf8) + [0x94]
            + Array(" name,1\nFRA,caf".utf8) + [0xE9] + Array(",2\n".utf8)
        FileManager.default.createFile(atPath: "\(dir)/dos.csv", contents: Data(dos))
        FileManager.default.createFile(atPath: "\(dir)/windows.csv", contents: Data(windows))
        let a = try emp(["inspect", "\(dir)/dos.csv"]), b = try emp(["inspect", "\(dir)/windows.csv"])
        #expect(a.stdout.contains("encoding:   cp850 (NOT UTF-8: bytes 0x80-0x9F inside words"), "\(a.stdout)")
        #expect(a.stdout.contains("    encoding: cp850"))
        #expect(b.stdout.contains("encoding:   windows-1252"), "\(b.stdout)")
    }

    /// Numbers padded with spaces and grouped by a space (` 1 234`): the block sets `trim` and
    /// the grouping mark, and reads every row as printed (issue 13, point 11, part).
    @Test func paddedNumbersGetTrimAndTheBlockReadsThem() throws {
        let dir = try scratchDir("emp-inspect-trim")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "code;year;value\nMDA;2019; 1 234\nBGD;2019; 12 345\nJAM;2019; 567\n".write(
            toFile: "\(dir)/padded.csv", atomically: true, encoding: .utf8)
        let r = try emp(["inspect", "\(dir)/padded.csv"])
        #expect(r.stdout.contains("dialect: { delimiter: ';', grouping: ' ', trim: true }"), "\(r.stdout)")
        let run = try validateBlock(r.stdout)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("3 rows read, 3 accepted"), "\(run.stdout)")
    }

    @Test func dataBankWithFooterAndDots() throws {
        let out = try inspect("wb-databank-remittance-corridors/corridors-slice.csv")
        #expect(out.contains("footer:     5 line(s) after the data"))
        #expect(out.contains("| Data from database: Remittance Prices Worldwide (Corridors)"))
        #expect(out.contains("layout: { kind: wide, skip_footer: 5 }"))
        #expect(out.contains("missing: [\"\", '..']"))
        #expect(try validateBlock(out).stdout.contains("280 rows read"), "8 lines × 35 quarters, footer not counted")
    }

    @Test func eurostatTSV() throws {
        let out = try inspect("eurostat-tsv-flags/tps00177.tsv")
        #expect(out.contains("delimiter:  tab"))
        #expect(out.contains("eurostat-tsv (packed key 'citizen,agedef,age,unit,sex,geo\\time', value and flag cells)"))
        #expect(out.contains("layout: { kind: eurostat-tsv }"))
        #expect(out.contains("ref_area: 'geo'"))
        #expect(out.contains("varies:     agedef (COMPLET, REACH): map it, or filter one value, or cells repeat"))
        #expect(out.contains("    # filter: { 'agedef': 'COMPLET' }"))
        // Without filter: { agedef: COMPLET } the REACH rows repeat cells: quarantined, never summed.
        #expect(try validateBlock(out).stdout.contains("792 rows read, 396 accepted, 396 quarantined"))
    }

    @Test func sdmxCSV() throws {
        let v2 = try inspect("eurostat-sdmx-csv/asylum_applicants_total.csv")
        #expect(v2.contains("sdmx-csv (SDMX-CSV 2.0)"))
        let v1 = try inspect("eurostat-sdmx-csv/migration_permits_issued.csv")
        #expect(v1.contains("sdmx-csv (SDMX-CSV 1.0)"))
        #expect(v1.contains("OBS_FLAG                  'b', 'p', 'u'"))
        #expect(try validateBlock(v1).status == 0)
    }

    @Test func prefixedYearsAndMatrix() throws {
        let pop = try inspect("wdi-pop-gdppc-prefixed-wide/pop.csv")
        #expect(pop.contains("period_columns: '^pop(\\d{4})$'"))
        #expect(try validateBlock(pop).status == 0)
        let matrix = try inspect("eu-bilateral-migrant-stocks/census-2011-matrix-slice.csv")
        #expect(matrix.contains("layout:     matrix (row labels in 'origin' match the column headers)"))
        #expect(matrix.contains("row_labels: 'origin'"))
        #expect(matrix.contains("totals: ['Total'] }   # ← totals: the labels of total rows and columns"))
        #expect(matrix.contains("    # ← both_sides: true in layout reads each cell both ways too"))
        // The block loads once its ← are answered, both_sides included: origins down, OUT.
        // A matrix is proposed as stocks of the year its file name gives, IN: it loads as printed.
        #expect(matrix.contains("    domain: stocks "))
        #expect(matrix.contains("    constants: { time_period: \"2011\", direction: IN }   # ← the year of its title"))
        #expect(try validateBlock(matrix).status == 0)
        let answered =
            matrix.replacingOccurrences(of: "totals: ['Total'] }", with: "totals: ['Total'], both_sides: true }")
            .replacingOccurrences(of: "direction: IN }", with: "direction: OUT }")
        let run = try validateBlock(answered)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("16 rows read, 12 accepted, 0 quarantined"), "\(run.stdout)")
    }

    /// The block with its ← answered (domain, both sides, constants, a French name), run.
    func runAnswered(_ out: String, domain: String, constants: String) throws -> (Exec, String) {
        let printed = (out.components(separatedBy: "check every ← before use):\n\n").last ?? "")
            .replacingOccurrences(of: "domain: stocks", with: "domain: \(domain)")
            .replacingOccurrences(of: "columns_name: COLUMN,", with: "columns_name: COLUMN, both_sides: true,")
        // The constants line answered: the year and direction this file is for.
        let block = printed.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("    constants:") }.joined(separator: "\n")
        let dir = try scratchDir("emp-inspect-matrix")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yml = "\(dir)/p.yml"
        try
            ("version: 1\nname: inspected\ncountry_names: { \"Sénégal\": SEN }\nsources:\n" + block
            + "    constants: \(constants)\n").write(toFile: yml, atomically: true, encoding: .utf8)
        let r = try emp(["run", yml, "--output", "\(dir)/out"])
        return (r, read("\(dir)/out/indicators.csv"))
    }

    /// Two matrices in the shapes issue 13 found `inspect` reading as `long` (point 11): a UN
    /// DESA one (cp850, title and two-line header, a location code, a total and two residual
    /// columns across) and a Latin-1 remittance one whose corner `Sending \ Receiving` was
    /// taken for a Eurostat key. Both are proposed as matrices whose block reads every country
    /// cell once its ← are answered (figures summed by hand from the files).
    @Test func unseenMatricesAreProposedAsMatrices() throws {
        let fixtures = "\(repositoryRoot)/Tests/EMPEndToEndTests/Fixtures/ingest"
        let desa = try emp(["inspect", "\(fixtures)/desa_cp850.csv"]).stdout
        #expect(desa.contains("encoding:   cp850"), "\(desa)")
        #expect(desa.contains("header:     line 3, after 2 preamble line(s)"))
        #expect(desa.contains("layout:     matrix (row labels in 'Destination' match the column headers)"))
        #expect(desa.contains("layout: { kind: matrix, header_row: 3, row_labels: 'Destination', columns_name: COLUMN"))
        #expect(desa.contains("totals: ['Total'] }"))
        #expect(desa.contains("values: { partner: { 'Other North': _O, 'Other South': _O } }"))
        #expect(desa.contains("exclude: { COLUMN: ['Location code'] }"))
        #expect(desa.contains("constants: { time_period: \"2020\", direction: IN }   # ← the year of its title"))
        let asPrinted = try validateBlock(desa)
        #expect(asPrinted.status == 0, "the block loads as printed: \(asPrinted.stderr)")
        let (stocks, rows) = try runAnswered(
            desa, domain: "stocks", constants: "{ direction: IN, time_period: \"2020\" }")
        #expect(stocks.status == 0, "\(stocks.stderr)")
        #expect(stocks.stdout.contains("21 rows read, 15 accepted, 0 quarantined, 6 filtered"), "\(stocks.stdout)")
        // Côte d'Ivoire hosts 1500 (its Total); its emigrants are its column: 600 + 50.
        #expect(rows.contains("CIV,imm_stock,_T,_T,_Z,_Z,2020,1500,PS,A"))
        #expect(rows.contains("CIV,emi_stock,_T,_T,_Z,_Z,2020,650,PS,A"))
        #expect(rows.contains("SEN,emi_stock,_T,_T,_Z,_Z,2020,850,PS,A"))
        let remit = try emp(["inspect", "\(fixtures)/remit_latin1.csv"]).stdout
        #expect(remit.contains("encoding:   iso-8859-1"), "\(remit)")
        #expect(remit.contains("row_labels: 'Sending \\ Receiving'"))
        #expect(remit.contains("totals: ['WORLD'] }"))
        #expect(remit.contains("dialect: { delimiter: ';', decimal: ',' }"))
        let (paid, flows) = try runAnswered(
            remit, domain: "remittances",
            constants: "{ direction: OUT, time_period: \"2017\", currency: USD, unit_mult: \"6\" }")
        #expect(paid.status == 0, "\(paid.stderr)")
        // Côte d'Ivoire sends 12.5 + 3.1 (its WORLD cell, 15.6) and receives 40.2 + 0.7 (40.9).
        #expect(flows.contains("CIV,remit_out_usd,_T,_T,_Z,_Z,2017,15600000,USD,A"))
        #expect(flows.contains("CIV,remit_in_usd,_T,_T,_Z,_Z,2017,40900000,USD,A"))
        #expect(flows.contains("SEN,remit_out_usd,_T,_T,_Z,_Z,2017,41200000,USD,A"))
    }

    @Test func longFileAndLegacyEncoding() throws {
        let long = try inspect("datahub-population-gdp-long/population.csv")
        #expect(long.contains("layout:     long (one value per row)"))
        #expect(long.contains("columns: { ref_area: 'Country Code', time_period: 'Year', value: 'Value' }"))
        #expect(try validateBlock(long).status == 0)
        // The SDMX population slice re-encoded as Windows-1252 (ü = 0xFC).
        let text =
            read("\(repositoryRoot)/datasets/real-world/eurostat-sdmx-csv/country_population.csv")
            .split(separator: "\n").filter { $0.hasPrefix("DATAFLOW") || $0.contains("Türkiye") }.joined(
                separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("emp-1252-\(UUID().uuidString).csv")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.data(using: .windowsCP1252)!.write(to: URL(fileURLWithPath: path))
        let r = try emp(["inspect", path])
        #expect(r.stdout.contains("encoding:   iso-8859-1 (NOT UTF-8"))
        #expect(r.stdout.contains("'Türkiye'"), "samples decoded with the guessed code page")
    }

    @Test func utf16File() throws {
        let text =
            read("\(repositoryRoot)/datasets/real-world/datahub-population-gdp-long/population.csv")
            .split(whereSeparator: \.isNewline).prefix(50).joined(separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("emp-u16-\(UUID().uuidString).csv")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(
            to: URL(fileURLWithPath: path))
        let out = try emp(["inspect", path]).stdout
        #expect(out.contains("encoding:   utf-16 (UTF-16 byte-order mark)"))
        #expect(out.contains("Country Code              'ABW'"))
        #expect(out.contains("    encoding: utf-16\n"))
        #expect(try validateBlock(out).stdout.contains("49 rows read, 49 accepted"))
    }

    /// tps00177 figures as an Excel export in a German locale writes them.
    @Test func semicolonsDecimalCommaAndGrouping() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("emp-de-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "geo;year;persons\nAT;2019;68.280\nBE;2010;66.013\nDE;2016;533.762,0\nEL;2008;43.044\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let out = try emp(["inspect", path]).stdout
        #expect(out.contains("delimiter:  ';'"))
        #expect(out.contains("numbers:    decimal ',', grouping '.'"))
        #expect(out.contains("    dialect: { delimiter: ';', decimal: ',', grouping: '.' }"))
        #expect(out.contains("columns: { ref_area: 'geo', time_period: 'year', value: 'persons' }"))
        #expect(try validateBlock(out).stdout.contains("4 rows read, 4 accepted"))
    }

    /// tps00177 figures in a comma-separated wide file with Eurostat value-and-flag cells.
    @Test func wideValueFlags() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("emp-vf-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "geo,2008,2010,2019\nBE,: c,66013 b,102936 \nAT,51563 ,51651 ,68280 \nBG,: ,: ,39941 p\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let out = try emp(["inspect", path]).stdout
        #expect(out.contains("    layout: { kind: wide, value_flags: true }"))
        #expect(try validateBlock(out).stdout.contains("9 rows read, 9 accepted"))
    }

    @Test func missingFileIsAnIOError() throws {
        let r = try emp(["inspect", "/nonexistent/file.csv"])
        #expect(r.status == 74)
        #expect(r.stderr.contains("no such file"))
    }
}
