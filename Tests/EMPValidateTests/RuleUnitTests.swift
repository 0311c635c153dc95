import EMPCore
import EMPRead
@testable import EMPValidate
import Testing

/// Rules as units: each problem's texts come from its rule.
@Suite struct RuleUnitTests {
    /// A text used by two problems is written once, in its unit.
    @Test func theLatin1HintIsOneText() {
        let e = UTF8Error(offset: 2, byte: 0xE9)
        let cell = BadEncoding.cell("name", e), header = BadEncoding.header(1, e)
        #expect(cell.hint == header.hint)
        #expect(cell.message == "byte 0xE9 at position 3 is not valid UTF-8")
        #expect(header.column == "#2" && header.message == "header byte 0xE9 is not valid UTF-8")
        #expect(
            UnknownCode.formerPartner("origin", value: "SUN", former: "USSR").message
                == UnknownCountry.problem("country", value: "SUN", former: "USSR").message)
    }

    @Test func problemsCarryTheirRuleColumnAndValue() {
        let p = NotANumber.problem("persons", value: "12,5", decimal: ".")
        #expect(
            p
                == RowProblem(
                    column: "persons", rule: .notANumber, value: "12,5", message: "'12,5' is not a number",
                    hint: "the value has a comma: "
                        + "if the file uses decimal commas set dialect.decimal: \",\""))
        #expect(BadYear.problem("year", value: "1990-1995").message.hasPrefix("'1990-1995' is a 5-year period"))
        #expect(
            BadYear.problem("year", value: "٢٠١٩-٢٠٢٠").message == "'٢٠١٩-٢٠٢٠' is not a year",
            "digits Int cannot read: once a crash")
    }
}
