import EMPCore
@testable import EMPEmit
import Testing

/// measures.csv holds series, not padding (issue 11): the DataBank cost file lists every
/// corridor in every quarter, `..` where there is no cost, and those rows were 94% of it.
@Suite struct MeasureTableTests {
    func row(
        _ area: String, _ partner: String, _ year: Int, _ value: Double?, _ flag: ObsStatus = .missing
    )
        -> Observation
    {
        var dims = Dimensions()
        dims.partner = partner
        var o = Observation(
            domain: .measures, refArea: area, year: year, direction: .outbound, dims: dims, value: value,
            status: value == nil ? flag : .normal, line: 0)
        o.measure = "remittance_cost_total"
        o.unit = "PT"
        return o
    }

    func lines(_ table: MeasureTable) -> [String] {
        table.csv().split(separator: "\n").dropFirst().map(String.init)
    }

    @Test func aSeriesRunsFromItsFirstObservationToItsLast() {
        let table = MeasureTable()
        for (year, value) in [(2011, nil), (2012, 7.5), (2013, nil), (2014, 6.25), (2015, nil)] as [(Int, Double?)] {
            table.add(row("AGO", "PRT", year, value))
        }
        #expect(
            lines(table) == [
                "AGO,remittance_cost_total,OUT,_T,_T,_T,PRT,2012,7.5,PT,A",
                "AGO,remittance_cost_total,OUT,_T,_T,_T,PRT,2013,,PT,O",
                "AGO,remittance_cost_total,OUT,_T,_T,_T,PRT,2014,6.25,PT,A",
            ])
    }

    @Test func aCorridorWithNoObservationIsNotWritten() {
        let table = MeasureTable()
        for year in 2011...2014 { table.add(row("AGO", "AFG", year, nil)) }
        table.add(row("AGO", "PRT", 2011, 9))
        #expect(lines(table) == ["AGO,remittance_cost_total,OUT,_T,_T,_T,PRT,2011,9,PT,A"])
    }

    /// A flag that says something (Q: suppressed) is an observation without a value.
    @Test func aFlagOtherThanMissingIsAnObservation() {
        let suppressed = ObsStatus(code: "Q", rank: 0, isMissing: true)
        let table = MeasureTable()
        table.add(row("AGO", "AFG", 2011, nil))
        table.add(row("AGO", "AFG", 2012, nil, suppressed))
        table.add(row("AGO", "AFG", 2013, nil))
        #expect(lines(table) == ["AGO,remittance_cost_total,OUT,_T,_T,_T,AFG,2012,,PT,Q"])
    }
}
