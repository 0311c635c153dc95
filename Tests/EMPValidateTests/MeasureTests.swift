import EMPCore
import Testing

/// Ready-made measures: carried as given, with their unit; no total check, negatives allowed.
@Suite struct MeasureTests {
    static let source = """
        domain: measures
        columns: { ref_area: COUNTRY, time_period: YEAR, sex: GENDER, measure: RATE, unit: Unit Code, value: Value }
        values:
          sex: { MEN: M, WMN: F, TOT: _T }
          measure: { N_RATE: employment_rate, U_RATE: unemployment_rate }
        """

    @Test func ratesOfPartsAreNotCheckedAgainstTheTotal() throws {
        // OECD MIG_NUP_RATES_GENDER, AUT foreign-born 2019: 75.2 (men), 62.9 (women), 68.9 (total).
        let csv = "COUNTRY,YEAR,GENDER,RATE,Unit Code,Value\nAUT,2019,MEN,N_RATE,PC,75.2\nAUT,2019,WMN,N_RATE,PC,62.9\n"
            + "AUT,2019,TOT,N_RATE,PC,68.9\nAUT,2019,TOT,U_RATE,PC,8.3\n"
        let run = try ingest(Self.source, csv)
        #expect(run.report.quarantined == 0)
        #expect(run.accepted.map(\.measure) == ["employment_rate", "employment_rate", "employment_rate", "unemployment_rate"])
        #expect(run.accepted.map(\.unit) == ["PC", "PC", "PC", "PC"])
        #expect(run.accepted[2].value == 68.9)
    }

    @Test func sameMeasureTwiceIsADuplicateButTwoMeasuresAreNot() throws {
        let csv = "COUNTRY,YEAR,GENDER,RATE,Unit Code,Value\nAUT,2019,TOT,N_RATE,PC,68.9\nAUT,2019,TOT,N_RATE,PC,70\n"
        let run = try ingest(Self.source, csv)
        #expect(run.diagnostics(.conflictingCell).count == 1)
    }

    @Test func negativeChangeIsAValueAndBadIdentifiersAreReported() throws {
        let csv = "COUNTRY,YEAR,GENDER,RATE,Unit Code,Value\nAUT,2019,TOT,N_RATE,PC,-1.5\nAUT,2018,TOT,N RATE,per cent,3\n"
        let run = try ingest(Self.source, csv)
        #expect(run.accepted.first?.value == -1.5)
        #expect(run.diagnostics(.unknownCode).map(\.column) == ["RATE", "Unit Code"])
    }
}
