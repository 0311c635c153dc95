import EMPConfig
import EMPCore
import Testing

/// The layout, encoding and filter keys: decoded, defaulted, and checked with their line.
@Suite struct LayoutConfigTests {
    func source(_ block: String) -> String {
        "version: 1\nname: t\nsources:\n  - name: s\n    domain: outflows\n    path: x.tsv\n"
            + block.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func eurostatLayoutFillsPeriodValueAndFlag() throws {
        let config = try PipelineLoader.parse(
            source(
                """
                layout: { kind: eurostat-tsv }
                encoding: windows-1252
                columns: { ref_area: geo }
                filter: { agedef: COMPLET }
                exclude: { citizen: [TOTAL, EU27_2020] }
                dialect: { decimal: ",", grouping: "." }
                """), file: "p.yml")
        let s = config.sources[0]
        #expect(s.layoutKind == .eurostatTSV)
        #expect(s.encoding == .windows1252)
        #expect(
            s.columnMap == [
                "ref_area": "geo", "time_period": "TIME_PERIOD", "value": "OBS_VALUE", "obs_status": "OBS_STATUS",
            ])
        #expect(s.filter?["agedef"]?.values == ["COMPLET"])
        #expect(s.exclude?["citizen"]?.values == ["TOTAL", "EU27_2020"])
        #expect(s.dialect?.groupingMark == ".")
    }

    @Test func aConstantOverridesALayoutColumn() throws {
        let config = try PipelineLoader.parse(
            source(
                """
                layout: { kind: wide }
                columns: { ref_area: code }
                constants: { obs_status: E }
                """), file: "p.yml")
        #expect(config.sources[0].columnMap["obs_status"] == nil)
        #expect(config.sources[0].columnMap["time_period"] == "TIME_PERIOD")
    }

    @Test func unknownLayoutKeyIsRejectedWithItsLine() {
        let found = issues(
            source(
                """
                columns: { ref_area: geo }
                layout:
                  kind: wide
                  header_rows: 5
                """))
        #expect(found.map(\.key) == ["sources[0].layout.header_rows"])
        #expect(found.first?.line == 10)
        #expect(found.first?.message.contains("header_row") == true)
    }

    @Test func layoutWithoutKindAndUnknownKindOrEncoding() {
        #expect(
            issues(source("layout: { header_row: 2 }\ncolumns: { ref_area: geo }")).map(\.key) == [
                "sources[0].layout.kind"
            ])
        let kind = issues(source("layout: { kind: pivot }\ncolumns: { ref_area: geo }"))
        #expect(kind.first?.message.contains("eurostat-tsv") == true)
        let enc = issues(source("encoding: latin9\nlayout: { kind: wide }\ncolumns: { ref_area: geo }"))
        #expect(enc.first?.key == "sources[0].encoding")
        #expect(enc.first?.message.contains("windows-1252") == true)
    }

    @Test func semanticChecksOnLayoutKeys() {
        let found = issues(
            source(
                """
                layout: { kind: wide, header_row: 0, period_columns: "^(\\\\d{4}", totals: [Total] }
                columns: { ref_area: geo }
                dialect: { grouping: "_" }
                filter: { agedef: [] }
                """))
        let keys = Set(found.map(\.key))
        #expect(
            keys.isSuperset(of: [
                "sources[0].layout.header_row", "sources[0].layout.period_columns",
                "sources[0].layout.totals", "sources[0].dialect.grouping", "sources[0].filter.agedef",
            ]))
    }

    @Test func microdataIsAlwaysLong() {
        let text =
            "version: 1\nname: t\nsources:\n  - name: s\n    domain: microdata\n    path: x.csv\n"
            + "    layout: { kind: wide }\n    columns: { ref_area: a, time_period: y, direction: d }\n"
        #expect(issues(text).map(\.key) == ["sources[0].layout.kind"])
    }

    @Test func measuresNeedAMeasureAndAUnit() {
        let text =
            "version: 1\nname: t\nsources:\n  - name: s\n    domain: measures\n    path: x.csv\n"
            + "    columns: { ref_area: a, time_period: y, value: v }\n"
        let found = issues(text).map(\.message)
        #expect(found.contains { $0.contains("needs measure") })
        #expect(found.contains { $0.contains("needs unit") })
    }

    @Test func countryNamesAtTheTop() throws {
        let text =
            "version: 1\nname: t\ncountry_names: { \"Korea, Rep.\": KOR }\nsources:\n  - name: s\n    domain: "
            + "population\n"
            + "    path: x.csv\n    columns: { ref_area: a, time_period: y, value: v }\n"
        #expect(try PipelineLoader.parse(text, file: "p.yml").country_names == ["Korea, Rep.": "KOR"])
    }

    /// `empty:` — what an empty value cell means; by default none in a matrix, missing elsewhere.
    @Test func emptyCellsPerLayoutAndAsGiven() throws {
        func emptyCells(_ block: String) throws -> EmptyCells? {
            let columns = "\ncolumns: { ref_area: geo }\nconstants: { time_period: \"2011\" }"
            return try PipelineLoader.parse(source(block + columns), file: "p.yml").sources[0].emptyCells
        }
        #expect(try emptyCells("layout: { kind: matrix }") == .zero)
        #expect(try emptyCells("layout: { kind: matrix }\nmissing: [\"\", \"..\"]") == nil, "missing lists \"\"")
        #expect(try emptyCells("layout: { kind: matrix }\nempty: missing") == .missing)
        #expect(try emptyCells("layout: { kind: wide }") == nil, "missing's default [\"\"] decides")
        #expect(try emptyCells("layout: { kind: wide }\nempty: zero") == .zero)
        let wide = try PipelineLoader.parse(
            source(
                "layout: { kind: wide, value_flags: true }\nmissing: [\"..\"]\nempty: missing\ncolumns: { ref_area: geo }"
            ),
            file: "p.yml")
        #expect(wide.sources[0].missingMarkers == ["..", "", ":"], "`:` is always missing where cells carry flags")
        let matrix = try PipelineLoader.parse(
            source(
                "layout: { kind: matrix }\nmissing: [\"..\"]\ncolumns: { ref_area: geo }\nconstants: { time_period: \"2011\" }"
            ),
            file: "p.yml")
        #expect(matrix.sources[0].missingMarkers == [".."])
    }

    @Test func emptyZeroWhereNoZeroCanBeRight() {
        let bad = issues(source("empty: none\ncolumns: { ref_area: geo }"))
        #expect(bad.first?.key == "sources[0].empty")
        #expect(bad.first?.message.contains("expected zero") == true)
        let conflict = issues(
            source("empty: zero\nmissing: [\"\"]\ncolumns: { ref_area: geo, time_period: y, value: v }"))
        #expect(conflict.map(\.key) == ["sources[0].empty"])
        let micro =
            "version: 1\nname: t\nsources:\n  - name: s\n    domain: microdata\n    path: x.csv\n"
            + "    empty: zero\n    columns: { ref_area: a, time_period: y, direction: d, weight: w }\n"
        #expect(
            issues(micro).map(\.message) == ["a record's weight is never 0: leave empty out (an empty cell is missing)"]
        )
    }

    /// `both_sides`: one matrix, both directions — for a domain with a direction, with
    /// ref_area and partner on the matrix's two sides; else the loader names the key and why.
    @Test func bothSidesNeedsADirectionAndBothSidesMapped() throws {
        func block(
            _ domain: String, columns: String = "{ ref_area: dest, partner: origin }", kind: String = "matrix"
        )
            -> String
        {
            "version: 1\nname: t\nsources:\n  - name: s\n    domain: \(domain)\n    path: m.csv\n"
                + "    layout: { kind: \(kind), row_labels: dest, columns_name: origin, both_sides: true }\n"
                + "    columns: \(columns)\n    constants: { time_period: \"2020\", direction: IN, currency: USD }\n"
        }
        let stocks = try PipelineLoader.parse(
            block("stocks").replacingOccurrences(of: ", currency: USD", with: ""), file: "p.yml")
        #expect(stocks.sources[0].layout?.bothSides == true)
        #expect(try PipelineLoader.parse(block("remittances"), file: "p.yml").sources[0].layout?.bothSides == true)
        let flows = issues(block("inflows"))
        #expect(flows.contains { $0.key == "sources[0].layout.both_sides" && $0.message.contains("has no direction") })
        let measures = issues(block("measures"))
        #expect(measures.contains { $0.key == "sources[0].layout.both_sides" && $0.message.contains("never mirrored") })
        let oneSide = issues(
            block("stocks", columns: "{ ref_area: dest }").replacingOccurrences(of: ", currency: USD", with: ""))
        #expect(oneSide.map(\.key) == ["sources[0].layout.both_sides"])
        #expect(oneSide.first?.message.contains("map one to the row labels") == true)
        let wide = issues(block("stocks", kind: "wide").replacingOccurrences(of: ", currency: USD", with: ""))
        #expect(
            wide.contains {
                $0.key == "sources[0].layout.both_sides" && $0.message == "only a matrix layout takes both_sides"
            })
    }
}
