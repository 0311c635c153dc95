import EMPCore
import Testing

/// Issue 15: observations held as rows of numbers (`ObservationTable`) come back as they
/// went in, field for field, in order: what the cross-row checks, the cube and the store read.
@Suite struct ObservationTableTests {
    static func sample() -> [Observation] {
        var a = Observation(
            domain: .stocks, refArea: "MDA", year: 2019, direction: .inbound, dims: Dimensions(), value: 1_234.5,
            status: .normal, line: 2)
        a.dims.sex = "F"
        a.dims.partner = "ITA"
        var b = a
        (b.value, b.status, b.line, b.dims.sex) = (nil, .missing, 3, "M")
        var c = Observation(
            domain: .measures, refArea: "Côte d'Ivoire, a long name", year: 2011, direction: nil,
            dims: Dimensions(), value: -0.0, status: ObsStatus(code: "E", rank: 3, isMissing: false),
            currency: "EUR", line: 40_000_000_000)
        (c.measure, c.unit, c.period) = ("remittance_cost_total", "PC", "2011-Q1")
        c.dims.occupation = "53"
        var d = c
        (d.measure, d.unit, d.period, d.currency, d.value) = (nil, nil, nil, nil, 5e-324)
        return [a, b, c, d, a]
    }

    @Test func everyFieldComesBackAsAppended() {
        let rows = Self.sample()
        let table = ObservationTable(rows)
        #expect(table.count == 5)
        for (i, o) in rows.enumerated() {
            let back = table[i]
            #expect(back.domain == o.domain && back.refArea == o.refArea && back.year == o.year)
            #expect(back.direction == o.direction && back.dims == o.dims && back.status == o.status)
            #expect(back.value?.bitPattern == o.value?.bitPattern && back.line == o.line)
            #expect(back.currency == o.currency && back.measure == o.measure && back.unit == o.unit)
            #expect(back.period == o.period)
            #expect(table.value(i)?.bitPattern == o.value?.bitPattern && table.domain(i) == o.domain)
        }
        // -0.0 stays negative zero; a missing value stays missing, not 0.
        #expect(table[2].value!.sign == .minus && table[1].value == nil)
        // Each text is kept once, `_T` first: rows 0 and 4 name the same texts.
        #expect(table.texts.first == "_T" && table.texts.filter { $0 == "MDA" }.count == 1)
        #expect(table.rows[0].dims.0 == table.rows[4].dims.0 && table.rows[0].dims.2 == table.rows[4].dims.2)
        #expect(table.rows[0].refArea == table.rows[4].refArea && table.rows[0].dims.1 == 0)
        #expect(Array(table).map(\.line) == [2, 3, 40_000_000_000, 40_000_000_000, 2])
    }
}
