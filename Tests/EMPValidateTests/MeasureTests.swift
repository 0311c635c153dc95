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
        let csv =
            "COUNTRY,YEAR,GENDER,RATE,Unit Code,Value\nAUT,2019,MEN,N_RATE,PC,75.2\nAUT,2019,WMN,N_RATE,PC,62.9\n"
            + "AUT,2019,TOT,N_RATE,PC,68.9\nAUT,2019,TOT,U_RATE,PC,8.3\n"
        let run = try ingest(Self.source, csv)
        #expect(run.report.quarantined == 0)
        #expect(
            run.accepted.map(\.measure) == [
                "employment_rate", "employment_rate", "employment_rate", "unemployment_rate",
            ])
        #expect(run.accepted.map(\.unit) == ["PC", "PC", "PC", "PC"])
        #expect(run.accepted[2].value == 68.9)
    }

    @Test func sameMeasureTwiceIsADuplicateButTwoMeasuresAreNot() throws {
        let csv = "COUNTRY,YEAR,GENDER,RATE,Unit Code,Value\nAUT,2019,TOT,N_RATE,PC,68.9\nAUT,2019,TOT,N_RATE,PC,70\n"
        let run = try ingest(Self.source, csv)
        #expect(run.diagnostics(.conflictingCell).count == 1)
    }

    @Test func negativeChangeIsAValueAndBadIdentifiersAreReported() throws {
        let csv =
            "COUNTRY,YEAR,GENDER,RATE,Unit Code,Value\nAUT,2019,TOT,N_RATE,PC,-1.5\nAUT,2018,TOT,N RATE,per cent,3\n"
        let run = try ingest(Self.source, csv)
        #expect(run.accepted.first?.value == -1.5)
        #expect(run.diagnostics(.unknownCode).map(\.column) == ["RATE", "Unit Code"])
    }
}

/// Periods that are not calendar years are kept by measures as the text they are.
@Suite struct MeasurePeriodTests {
    @Test func periodTexts() {
        #expect(PeriodTextProbe.parse("2011Q1") == "2011-Q1")
        #expect(PeriodTextProbe.parse("2011-Q4") == "2011-Q4")
        #expect(PeriodTextProbe.parse("2019M03") == "2019-03")
        #expect(PeriodTextProbe.parse("2019-03") == "2019-03")
        #expect(PeriodTextProbe.parse("1990-1995") == "1990-1995")
        #expect(PeriodTextProbe.parse("2011Q5") == nil)
        #expect(PeriodTextProbe.parse("1995-1990") == nil)
        #expect(PeriodTextProbe.parse("2019") == nil, "a year is a year, not a period text")
    }

    @Test func dataBankQuartersAreKeptAsQuarters() throws {
        let run = try ingest(
            """
            domain: measures
            encoding: utf-8-sig
            layout: { kind: wide, skip_footer: 5 }
            columns: { ref_area: Sending Countries Code, partner: Receiving Countries  Code }
            constants: { measure: remittance_cost_total, unit: PC, direction: OUT }
            missing: [".."]
            """, realFile("wb-databank-remittance-corridors/corridors-slice.csv"))
        #expect(run.report.quarantined == 0)
        let fiji = run.accepted.filter { $0.refArea == "AUS" && $0.dims.partner == "FJI" }
        #expect(fiji.count == 35)
        #expect(fiji.first?.period == "2011-Q1")
        #expect(fiji.first?.value == 15.8252944946289)
        #expect(fiji.first?.year == 2011)
    }

    @Test func fiveYearFlowsAreKeptAsRanges() throws {
        let run = try ingest(
            """
            domain: measures
            layout: { kind: wide, period_columns: '^countryflow_(\\d{4})$', period_span: 5 }
            columns: { ref_area: country_dest_id, partner: country_orig_id }
            constants: { measure: migration_flow_5y, unit: PS, direction: IN }
            """, realHead("abel-sander-bilateral-flows/migrationdata-head.csv", lines: 4))
        #expect(run.report.quarantined == 0)
        // Line 3: Canada → United States, countryflow_1990 = 1509, countryflow_1995 = 190436.
        let usa = run.accepted.filter { $0.refArea == "USA" && $0.dims.partner == "CAN" }
        #expect(usa.map { $0.period ?? "" } == ["1990-1995", "1995-2000", "2000-2005", "2005-2010"])
        #expect(usa.map { $0.value ?? -1 } == [1509, 190436, 238, 28])
    }
}
