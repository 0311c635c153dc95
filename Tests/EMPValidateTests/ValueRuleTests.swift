import EMPCore
import EMPValidate
import Testing

@Suite struct ValueRuleTests {
    let header = "country,year,origin,persons,flag\n"

    @Test func typeRules() throws {
        let run = try ingest(inflowsSource, header + "MDA,20l9,ROU,5,\nMDA,2019,ROU,5 persons,\nMDA,2019,UKR,1.5e,\n")
        #expect(run.diagnostics(.badYear).map(\.line) == [2])
        #expect(run.diagnostics(.notANumber).map(\.line) == [3, 4])
        #expect(run.diagnostics(.notANumber)[0].value == "5 persons")
        #expect(run.report.accepted == 0)
    }

    /// Spreadsheets and R write small and large values in E notation: they are numbers.
    @Test func eNotationIsANumber() throws {
        let rows = [
            "MDA,2019,ROU,1.5e3,", "MDA,2019,UKR,2E+2,", "MDA,2019,ITA,5.80897E-05,", "MDA,2019,ESP,\"2,5e1\",",
        ]
        let run = try ingest(inflowsSource, header + rows.joined(separator: "\n") + "\n")
        #expect(run.accepted.map(\.value) == [1500, 200, 5.80897e-05])
        #expect(run.diagnostics(.notANumber).map(\.value) == ["2,5e1"], "a comma is not the decimal mark here")
        for bad in ["e3", "1e", "1e+", "1.e3", "1e3.5", "1e1e1", "1e123456", "nan", "inf", "0x10"] {
            #expect(NumberParser.parse(bad) == nil, "\(bad)")
        }
        #expect(NumberParser.parse("2,5E-1", decimal: ",") == 0.25)
    }

    /// A short plain decimal is read from its bytes (digits over a power of ten): the double
    /// is the one `Double(String)` (strtod, correctly rounded) gives, for every length and
    /// place of the mark up to 15 digits; longer ones and exponents take the long way.
    @Test func shortDecimalsReadAsStrtodReadsThem() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 11
        }
        for _ in 0..<20_000 {
            let digits = Int(next() % 15) + 1
            var text = String((0..<digits).map { _ in Character(String(next() % 10)) })
            let mark = Int(next() % UInt64(digits + 1))
            if mark < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: mark)) }
            if next() % 3 == 0 { text = "-" + text }
            if text.hasSuffix(".") { continue }
            let expected = Double(text)
            #expect(NumberParser.parse(text) == expected, "\(text)")
            #expect(NumberParser.parse(text)?.sign == expected?.sign, "\(text)")
            let comma = text.replacingOccurrences(of: ".", with: ",")
            #expect(NumberParser.parse(comma, decimal: ",") == expected, "\(comma)")
        }
        #expect(NumberParser.parse("0.1") == 0.1)
        #expect(NumberParser.parse("-0")?.sign == .minus)
        #expect(NumberParser.parse("123456789012345.6") == 123456789012345.6, "16 digits: the long way")
        #expect(NumberParser.parse("9007199254740993") == 9007199254740992, "past 2^53: rounded as strtod rounds")
        #expect(NumberParser.parse("1.5e3") == 1500)
    }

    /// The parser reads bytes: only ASCII digits, one mark, a leading minus; a digit of
    /// another script, a combining accent or a second mark is not a number.
    @Test func onlyASCIIDigitsAndOneMarkAreANumber() {
        #expect(NumberParser.parse("-12,5", decimal: ",") == -12.5)
        #expect(NumberParser.parse("0.125") == 0.125)
        for bad in ["١٢", "1\u{301}", "1.2.3", "1-2", "--1", "-", ".", "1.", " 1", "1 ", "１"] {
            #expect(NumberParser.parse(bad) == nil, "\(bad)")
        }
        #expect(NumberParser.parse("12·5", decimal: "·") == 12.5, "a mark that is not ASCII is read as characters")
    }

    /// A number too large for a double is infinity: never accepted (it would be published empty
    /// with flag A); nor is a value beyond 10^15 once multiplied.
    @Test func hugeValuesAreOutOfRange() throws {
        let digits = String(repeating: "9", count: 400)
        let run = try ingest(inflowsSource, header + "MDA,2019,ROU,\(digits),\nMDA,2019,UKR,1e300,\nMDA,2019,ITA,7,\n")
        #expect(run.diagnostics(.outOfRange).map(\.line) == [2, 3])
        #expect(run.diagnostics(.outOfRange)[0].message.contains("(400 characters)' is too large"))
        #expect(run.diagnostics(.outOfRange)[0].column == "persons")
        #expect(run.accepted.map(\.value) == [7])
        let scaled = """
            domain: gdp
            columns: { ref_area: country, time_period: year, value: usd }
            constants: { unit_mult: "12" }
            """
        let gdp = try ingest(scaled, "country,year,usd\nMDA,2019,2000\nMDA,2020,0.5\n")
        #expect(gdp.diagnostics(.outOfRange).map(\.line) == [2])
        #expect(gdp.diagnostics(.outOfRange)[0].message.hasPrefix("'2000' becomes 2000000000000000 with its unit_mult"))
        #expect(gdp.accepted.map(\.value) == [5e11])
    }

    @Test func decimalCommaHint() throws {
        let run = try ingest(inflowsSource, header + "MDA,2019,ROU,\"1,5\",\n")
        #expect(run.diagnostics(.notANumber)[0].hint.contains("dialect.decimal"))
    }

    @Test func codeRules() throws {
        let run = try ingest(inflowsSource, header + "QQQ,2019,ROU,5,\nMDA,2019,Romanai,5,\nMDA,2019,ROU,5,X\n")
        #expect(run.diagnostics(.unknownCountry).map(\.line) == [2])
        #expect(run.diagnostics(.unknownCode).map(\.column) == ["origin"])
        #expect(run.diagnostics(.unknownFlag).map(\.line) == [4])
    }

    @Test func everyProblemOfARowIsReported() throws {
        let run = try ingest(inflowsSource, header + "QQQ,19,XX,-5,Z\n")
        #expect(Set(run.rowRules) == ["unknown-country", "bad-year", "unknown-code", "negative-value", "unknown-flag"])
        #expect(run.report.quarantined == 1)
        #expect(run.quarantine.contains("2,unknown-country;bad-year;unknown-code;unknown-flag;negative-value,"))
    }

    @Test func negativeCount() throws {
        let run = try ingest(inflowsSource, header + "MDA,2019,ROU,-5,\n")
        #expect(run.rowRules == ["negative-value"])
    }

    @Test func codesAreMappedToAlpha3() throws {
        let run = try ingest(inflowsSource, header + "MD,2019,RO,5,\n498,2019,'804,6,\nMDA,2019,_U,7,\n")
        #expect(run.accepted.map(\.refArea) == ["MDA", "MDA", "MDA"])
        #expect(run.accepted.map(\.dims.partner) == ["ROU", "UKR", "_U"])
        #expect(run.accepted.allSatisfy { $0.direction == .inbound })
    }

    @Test func valueMapsAndBuiltInSexLabels() throws {
        let source = """
            domain: gender
            columns: { ref_area: country, time_period: year, sex: sex, value: n }
            constants: { direction: OUT }
            values: { sex: { Femei: F } }
            """
        let run = try ingest(
            source, "country,year,sex,n\nMDA,2019,Femei,3\nMDA,2019,Male,4\nMDA,2019,Total,7\nMDA,2019,Femal,1\n")
        #expect(run.accepted.map(\.dims.sex) == ["F", "M", "_T"])
        #expect(run.accepted.allSatisfy { $0.direction == .outbound })
        #expect(run.diagnostics(.unknownCode).map(\.value) == ["Femal"])
    }

    @Test func missingMarkersAreKeptAsMissingWithAFlag() throws {
        let source = inflowsSource + "\nmissing: ['..', '']"
        let run = try ingest(source, header + "MDA,2019,ROU,..,\nMDA,2019,UKR,,\n")
        #expect(run.report.accepted == 2)
        #expect(run.report.missingValues == 2)
        #expect(run.accepted.allSatisfy { $0.value == nil && $0.status.code == "O" })
    }

    @Test func flagsIncludingEurostatLetters() throws {
        let run = try ingest(inflowsSource, header + "MDA,2018,ROU,5,p\nMDA,2019,ROU,5,B\nMDA,2020,ROU,5,\n")
        #expect(run.accepted.map(\.status.code) == ["P", "B", "A"])
    }

    @Test func decimalCommaAndSemicolon() throws {
        let source = """
            domain: remittances
            dialect: { delimiter: ";", decimal: "," }
            columns: { ref_area: country, time_period: year, value: amount }
            constants: { direction: IN, currency: USD, unit_mult: "6" }
            """
        let run = try ingest(source, "country;year;amount\nMDA;2019;1258,4\n")
        #expect(run.accepted.first?.value == 1_258_400_000)
    }

    @Test func remittancesAreConvertedToUSD() throws {
        var rates = ExchangeRates()
        rates.set("XOF", 2019, rate: 585.9, status: .normal)
        let source = """
            domain: remittances
            columns: { ref_area: country, time_period: year, value: amount, currency: cur }
            constants: { direction: IN, unit_mult: "9" }
            """
        let run = try ingest(
            source, "country,year,amount,cur\nMLI,2019,585.9,XOF\nMLI,2018,100,XOF\nMLI,2019,1,XXQ\n", rates: rates)
        #expect(run.accepted.map(\.value) == [1_000_000_000])
        #expect(run.diagnostics(.missingDenominator).map(\.line) == [3])
        #expect(run.diagnostics(.missingDenominator)[0].hint.contains("XOF,2018"))
        #expect(run.diagnostics(.unknownCode).map(\.value) == ["XXQ"])
    }

    @Test func microdataRules() throws {
        let source = """
            domain: microdata
            columns:
              { ref_area: country, time_period: year, direction: dir, age_years: age, duration_months: months,
                weight: w }
            values: { direction: { in: IN, out: OUT } }
            """
        let csv =
            "country,year,dir,age,months,w\nMLI,2019,in,34,14,2.5\nMLI,2019,out,034,5,1\n"
            + "MLI,2019,up,30,5,\nMLI,2019,in,20,2,0\n"
        let run = try ingest(source, csv)
        #expect(run.accepted.count == 1)
        #expect(run.accepted[0].dims.age == "Y_GE25")
        #expect(run.accepted[0].dims.duration == "GE12M")
        #expect(run.accepted[0].value == 2.5)
        #expect(run.diagnostics(.outOfRange).map(\.line) == [3])
        #expect(run.diagnostics(.missingValue).map(\.line) == [4])
        #expect(run.diagnostics(.unknownCode).map(\.line) == [4])
        #expect(run.diagnostics(.negativeValue).map(\.line) == [5])
    }
}
