import EMPConfig
import EMPCore
import EMPValidate
import Testing

@Suite struct StructureRuleTests {
    @Test func emptyFileFailsTheSource() throws {
        let run = try ingest(inflowsSource, "")
        #expect(run.rules == ["empty-file"])
        #expect(run.report.status == .failed)
        #expect(run.report.rowsRead == 0)
    }

    @Test func headerOnlyFileFailsTheSource() throws {
        let run = try ingest(inflowsSource, "country,year,origin,persons,flag\n")
        #expect(run.report.status == .failed)
        #expect(run.report.failure == "empty-file: the file has a header but no data rows")
        #expect(run.rules == ["empty-file"])
        #expect(run.diagnostics(.emptyFile)[0].line == nil)
        #expect(run.diagnostics(.emptyFile)[0].hint == "check that the export wrote its rows, not only the header line")
        #expect((run.report.rowsRead, run.report.accepted, run.report.quarantined, run.report.filtered) == (0, 0, 0, 0))
    }

    @Test func missingColumnQuarantinesEveryRowWithOneDiagnostic() throws {
        let run = try ingest(inflowsSource, "country,year,origin,Persons,flag\nMDA,2019,ROU,5,\nMDA,2019,UKR,6,\n")
        #expect(run.rules == ["missing-column"])
        let d = run.diagnostics(.missingColumn)[0]
        #expect(d.line == 1)
        #expect(d.column == "persons")
        #expect(d.hint.contains("did you mean 'Persons'"))
        #expect(run.report.quarantined == 2)
        #expect(run.report.status == .failed)
        #expect(run.quarantine.split(separator: "\n").count == 3)
    }

    @Test func wrongDelimiterIsNamed() throws {
        let run = try ingest(inflowsSource, "country;year;origin;persons;flag\nMDA;2019;ROU;5;\n")
        #expect(run.rules == ["wrong-delimiter"])
        #expect(run.diagnostics(.wrongDelimiter)[0].hint.contains("dialect.delimiter: \";\""))
        #expect(run.report.quarantined == 1)
        #expect(run.report.status == .failed)
    }

    @Test func duplicateMappedColumn() throws {
        let run = try ingest(inflowsSource, "country,year,origin,persons,persons,flag\nMDA,2019,ROU,5,5,\n")
        #expect(run.rules == ["duplicate-column"])
        #expect(run.report.status == .failed)
    }

    @Test func duplicateUnmappedColumnIsAWarning() throws {
        let run = try ingest(inflowsSource, "country,year,origin,persons,flag,note,note\nMDA,2019,ROU,5,,a,b\n")
        #expect(run.diagnostics(.duplicateColumn).first?.severity == .warning)
        #expect(run.report.accepted == 1)
    }

    @Test func raggedRows() throws {
        let run = try ingest(
            inflowsSource, "country,year,origin,persons,flag\nMDA,2019,ROU\nMDA,2019,UKR,5,,extra\nMDA,2019,RUS,4,\n")
        #expect(run.diagnostics(.raggedRow).map(\.line) == [2, 3])
        #expect(run.diagnostics(.raggedRow)[0].message == "the row has 3 fields, the header has 5")
        #expect(run.report.accepted == 1)
        #expect(run.quarantine.contains("2,ragged-row,,3,"))
    }

    @Test func badQuoting() throws {
        let run = try ingest(inflowsSource, "country,year,origin,persons,flag\nMDA,2019,RO\"U,5,\nMDA,2019,UKR,6,\n")
        #expect(run.rules == ["bad-quoting"])
        #expect(run.diagnostics(.badQuoting)[0].line == 2)
        #expect(run.report.accepted == 1)
    }

    @Test func latin1DeclaredAsUTF8() throws {
        let bytes =
            Array("country,year,origin,persons,flag\nMDA,2019,ROU,5,\n".utf8) + Array("MDA,2019,".utf8) + [0xC9]
            + Array("U,5,\n".utf8)
        let run = try ingest(inflowsSource, bytes)
        let d = run.diagnostics(.badEncoding)
        #expect(d.count == 1)
        #expect(d[0].line == 3)
        #expect(d[0].column == "origin")
        #expect(d[0].message.contains("0xC9"))
        #expect(d[0].hint.contains("Latin-1"))
        #expect(run.report.accepted == 1)
        #expect(run.report.quarantined == 1)
    }

    @Test func unreadableFile() throws {
        let config = try EMPConfig.PipelineLoader.parse(
            "version: 1\nname: t\nsources:\n  - name: src\n    path: nowhere.csv\n"
                + inflowsSource.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"), file: "t.yml")
        let context = IngestContext(
            codes: CodeNormalizer(iso: iso), rates: ExchangeRates(), tolerancePct: 0.5, quarantine: nil)
        let report = SourceIngest(
            source: config.sources[0], path: "/nonexistent/nowhere.csv", displayPath: "nowhere.csv", context: context
        ).run { _ in }
        #expect(report.diagnostics.map(\.rule) == [.unreadableFile])
        #expect(report.diagnostics[0].message.contains("no such file"))
        #expect(report.status == .failed)
    }
}
