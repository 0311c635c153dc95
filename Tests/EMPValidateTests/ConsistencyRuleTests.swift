import EMPCore
import EMPValidate
import Testing

@Suite struct ConsistencyRuleTests {
    let header = "country,year,origin,persons,flag\n"

    @Test func totalAgainstItsCategories() throws {
        let csv =
            header
            + "MDA,2019,_T,100,\nMDA,2019,ROU,60,\nMDA,2019,UKR,30,\n"
            + "MDA,2020,_T,100,\nMDA,2020,ROU,70,\nMDA,2020,_U,30,\n"
        let run = try ingest(inflowsSource, csv)
        let d = run.diagnostics(.totalMismatch)
        #expect(d.map(\.line) == [2])
        #expect(d[0].message.contains("total 100 differs from the sum of its categories 90 (lines 3, 4)"))
        #expect(run.report.accepted == 5)
        #expect(run.report.quarantined == 1)
    }

    /// `emp validate` keeps nothing (`handsOnRows` false): the rows are counted, checked and
    /// set aside exactly as in a run, with the same diagnostics and quarantine, only not handed on.
    @Test func aCheckThatKeepsNothingCountsAndRejectsAsARun() throws {
        let csv =
            header
            + "MDA,2019,_T,100,\nMDA,2019,ROU,60,\nMDA,2019,UKR,30,\n"
            + "MDA,2020,_T,100,\nMDA,2020,ROU,70,\nMDA,2020,UKR,,\nMDA,2020,ROU,70,\n"
        let run = try ingest(inflowsSource, csv)
        let check = try ingest(inflowsSource, Array(csv.utf8), handsOn: false)
        #expect(run.accepted.count == 5 && check.accepted.isEmpty)
        // Line 2's total is not its parts' sum, line 8 repeats line 6; line 7 is missing.
        #expect(check.report.accepted == 5 && check.report.quarantined == 2)
        #expect(check.rules == ["total-mismatch", "duplicate-cell"])
        #expect(check.report.missingValues == 1 && run.report.missingValues == 1)
        #expect(check.report.diagnostics == run.report.diagnostics)
        #expect(check.quarantine == run.quarantine)
    }

    /// Empty cells do not switch the check off: a total below the parts it has is wrong
    /// whatever the missing ones hold; above them, it may be right.
    @Test func totalWithMissingCategoriesIsCheckedAsFarAsItCanBe() throws {
        let csv =
            header
            + "MDA,2019,_T,50,\nMDA,2019,ROU,100,\nMDA,2019,UKR,,\n"
            + "MDA,2020,_T,150,\nMDA,2020,ROU,100,\nMDA,2020,UKR,,\n"
            + "MDA,2021,_T,,\nMDA,2021,ROU,100,\n"
        let run = try ingest(inflowsSource, csv)
        let d = run.diagnostics(.totalMismatch)
        #expect(d.map(\.line) == [2])
        #expect(d[0].message.contains("total 50 is below 100, the sum of the categories given (line 3)"))
        #expect(d[0].message.contains("the 1 empty or missing category cannot make up for it"))
        #expect(run.report.quarantined == 1)
    }

    @Test func toleranceIsApplied() throws {
        let csv = header + "MDA,2019,_T,1000,\nMDA,2019,ROU,996,\n"
        #expect(try ingest(inflowsSource, csv, tolerance: 0.5).report.quarantined == 0)
        #expect(try ingest(inflowsSource, csv, tolerance: 0.1).report.quarantined == 1)
    }

    @Test func sameCellTwice() throws {
        let csv = header + "MDA,2019,ROU,5,\nMDA,2019,ROU,5,\nRO,2019,UKR,1,\nMDA,2019,ROU,7,\n"
        let run = try ingest(inflowsSource, csv)
        #expect(run.diagnostics(.duplicateCell).map(\.line) == [3])
        #expect(run.diagnostics(.conflictingCell).map(\.line) == [5])
        #expect(run.diagnostics(.conflictingCell)[0].message.contains("is 7 here but 5 on line 2"))
        #expect(run.report.accepted == 2)
    }

    @Test func quarantineIsInLineOrder() throws {
        let csv = header + "MDA,2019,_T,100,\nMDA,2019,ROU,60,\nQQQ,2019,ROU,1,\n"
        let run = try ingest(inflowsSource, csv)
        let lines = run.quarantineRows.dropFirst().map { $0[0] }
        #expect(lines == ["2", "4"])
    }

    @Test func policyFailAndMaxErrorRate() throws {
        let csv = header + "MDA,2019,ROU,5,\nQQQ,2019,ROU,5,\nMDA,2019,UKR,5,\nMDA,2019,RUS,5,\n"
        #expect(try ingest(inflowsSource + "\non_error: fail", csv).report.status == .failed)
        #expect(try ingest(inflowsSource + "\nmax_error_rate: 0.25", csv).report.status == .ok)
        let strict = try ingest(inflowsSource + "\nmax_error_rate: 0.2", csv)
        #expect(strict.report.status == .failed)
        #expect(strict.report.failure?.contains("25.00% of rows rejected") == true)
    }
}
