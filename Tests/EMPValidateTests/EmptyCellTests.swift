import EMPCore
import EMPValidate
import Testing

/// What an empty value cell means (`empty: zero | missing`, by default none in a matrix and
/// missing elsewhere), and the warning on a missing cell that blanks a total (`missing-part`).
@Suite struct EmptyCellTests {
    static let matrix = """
        domain: stocks
        layout: { kind: matrix, row_labels: dest, columns_name: origin, totals: [World] }
        columns: { ref_area: dest, partner: origin }
        constants: { direction: IN, time_period: "2011" }
        """
    static let matrixCSV = "dest,World,FRA,ITA,AUT\nAUT,100,100,,\nDEU,,200,20,2\n"

    @Test func aMatrixCellLeftEmptyIsNone() throws {
        let run = try ingest(Self.matrix, Self.matrixCSV)
        #expect(run.value("AUT", 2011, partner: "ITA")?.value == 0)
        #expect(run.value("AUT", 2011, partner: "ITA")?.status.code == "A")
        #expect(run.value("AUT", 2011)?.value == 100, "checked against 100 + 0: no mismatch")
        #expect(run.report.quarantined == 0 && run.report.missingValues == 0)
        #expect(run.report.filteredByReason["matrix diagonal: 'AUT' to itself, no value"] == 1)
        #expect(run.report.filteredByReason["matrix total left empty: the sum of its cells is used"] == 1)
        #expect(run.value("DEU", 2011) == nil, "DEU's World cell is not given: its cells are summed later")
        #expect(run.report.diagnostics.isEmpty)
    }

    @Test func aMatrixWhoseEmptyCellsAreNoEstimate() throws {
        let run = try ingest(Self.matrix + "\nempty: missing", Self.matrixCSV)
        #expect(run.value("AUT", 2011, partner: "ITA")?.value == nil)
        #expect(run.value("AUT", 2011, partner: "ITA")?.status.code == "O")
        #expect(run.report.missingValues == 1)
        // AUT has its World total: nothing is lost. DEU has none and all its cells: nothing either.
        #expect(run.diagnostics(.missingPart).isEmpty)
        let noTotals = try ingest(Self.matrix + "\nempty: missing", "dest,FRA,ITA,ESP\nAUT,100,,5\n")
        let d = try #require(noTotals.diagnostics(.missingPart).first)
        #expect(d.severity == .warning && d.line == 2 && d.column == "ITA" && d.value == "")
        #expect(d.message.contains("the file gives no partner total for AUT 2011"))
        #expect(d.message.contains("(2 other categories have values)"))
        #expect(d.hint.contains("empty: zero"))
        #expect(noTotals.report.accepted == 3 && noTotals.report.quarantined == 0)
    }

    @Test func emptyZeroInALongFileKeepsMissingFlagsMissing() throws {
        let source = inflowsSource + "\nempty: zero\nmissing: [\"..\"]"
        let csv =
            "country,year,origin,persons,flag\nMDA,2019,ROU,,\nMDA,2019,UKR,,O\nMDA,2019,ITA,..,\nMDA,2019,ESP,,E\n"
        let run = try ingest(source, csv)
        #expect(run.accepted.map(\.value) == [0, nil, nil, 0])
        #expect(run.accepted.map(\.status.code) == ["A", "O", "O", "E"])
        let d = run.diagnostics(.missingPart)
        #expect(d.map(\.line) == [3, 4], "UKR (flag O) and ITA ('..') blank the partner total")
        #expect(d.last?.message.contains("this cell is missing ('..')") == true)
    }

    /// In a Eurostat file `:` is missing whatever `empty` says; an empty cell is not `:`.
    @Test func emptyZeroNeverTurnsAColonIntoAZero() throws {
        let source = "domain: outflows\nlayout: { kind: eurostat-tsv }\ncolumns: { ref_area: geo }\nempty: zero"
        let run = try ingest(source, "unit,geo\\time\t2018 \t2019 \nNR,AT\t: c\t\nNR,BE\t:\t5 b\n")
        #expect(run.value("AUT", 2018)?.value == nil && run.value("AUT", 2018)?.status.code == "Q")
        #expect(run.value("AUT", 2019)?.value == 0)
        #expect(run.value("BEL", 2018)?.value == nil && run.value("BEL", 2018)?.status.code == "O")
        #expect(run.value("BEL", 2019)?.value == 5)
    }

    @Test func aMissingCategoryBesideATotalOrAloneIsNoWarning() throws {
        let header = "country,year,origin,persons,flag\n"
        let withTotal = try ingest(inflowsSource, header + "MDA,2019,_T,10,\nMDA,2019,ROU,10,\nMDA,2019,UKR,,\n")
        #expect(withTotal.diagnostics(.missingPart).isEmpty, "the file's total is used")
        let alone = try ingest(inflowsSource, header + "MDA,2019,ROU,,\nMDA,2019,UKR,,\nMDA,2020,ROU,4,\n")
        #expect(alone.diagnostics(.missingPart).isEmpty, "no category of 2019 has a value: nothing is lost")
        let lost = try ingest(inflowsSource, header + "MDA,2019,ROU,3,\nMDA,2019,UKR,,\n")
        #expect(lost.diagnostics(.missingPart).map { "\($0.line ?? 0) \($0.column ?? "")" } == ["3 persons"])
        #expect(lost.diagnostics(.missingPart).first?.message.contains("(1 other category has a value)") == true)
    }
}
