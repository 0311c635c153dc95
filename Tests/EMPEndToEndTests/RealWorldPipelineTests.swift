import EMPCore
import Foundation
import Testing

/// `pipelines/real-world.yml` over the real downloads in `datasets/real-world/`: every file goes
/// through the pipeline file alone. Expected figures are read from the files by hand (the line
/// or cell is named next to each check), not copied from emp's output.
@Suite(.serialized) struct RealWorldPipelineTests {
    /// One run, read into memory, checked with frictionless and read by sdmx1 (`sdmx`: what
    /// tools/sdmx-check.py printed, with the spot rows it was asked for); its output folder is
    /// then removed.
    static let run:
        (
            exec: Exec, rows: [[String: String]], measures: [[String: String]], report: String, quarantine: String,
            manifest: String, frictionless: Exec?,
            sdmx: (json: String, spots: [[String: String]], sdg: [String: String]?),
            sizes: (outputs: Int, report: Int, store: Int)
        ) = {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-real-\(UUID().uuidString)")
                .path
            let exec =
                (try? emp(
                    ["run", "pipelines/real-world.yml", "--output", dir], cwd: repositoryRoot, env: goldenDate))
                ?? Exec(status: -1, stdout: "", stderr: "emp did not start")
            defer { removeOutput(dir) }
            let rows = csvRows("\(dir)/indicators.csv")
            return (
                exec, rows, csvRows("\(dir)/measures.csv"), read("\(dir)/quality/report.json"),
                read("\(dir)/quality/quarantine/ft_remittances_received.csv"), releaseManifest(dir),
                try? DataPackageTests.frictionless("\(dir)/datapackage.json"), readSDMX(dir, rows: rows),
                (bytes(under: dir), bytes(under: dir + "/report"), bytes(under: dir + ".emp.sqlite"))
            )
        }()

    /// A flagged value, a ranked partner and the first SDG value, read by sdmx1.
    static func readSDMX(_ dir: String, rows: [[String: String]]) -> (String, [[String: String]], [String: String]?) {
        let spots = [
            rows.first { $0["obs_value"] != "" && !["A", "E"].contains($0["obs_status"]) },
            rows.first { $0["rank"] == "1" && $0["obs_value"] != "" },
        ]
        .compactMap { $0 }
        let sdg = rows.first { $0["indicator"] == "remit_in_pct_gdp" && $0["obs_value"] != "" }
        guard let iso = try? ISOCodes.load() else { return ("{}", spots, sdg) }
        let json = try? sdmxCheck(dir, keys: spots.map(sdmxKey), sdgKeys: sdg.map { [sdgKey($0, iso: iso)] } ?? [])
        return (json ?? "{}", spots, sdg)
    }

    func v(_ country: String, _ id: String, _ year: Int, counterpart: String = "_T") -> (String, String)? {
        value(Self.run.rows, country, id, String(year), counterpart: counterpart)
    }

    func report(_ text: String) throws -> [String: [String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let sources = json?["sources"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: sources.map { ($0["name"] as! String, $0) })
    }

    @Test func runSucceedsAndEveryRowIsAccountedFor() throws {
        let r = Self.run.exec
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "emp run real-world: 17 sources, 443120 rows read, 422914 accepted, 1682 quarantined, 18524 filtered;"))
        // The closing note: one line per source that set rows aside, with why.
        #expect(
            r.stdout.contains(
                "\n  eurostat_emigration: 792 read = 396 accepted + 0 quarantined + 396 filtered (filtered: 396 × "
                    + "filter: agedef=REACH is not kept)\n"
            ))
        #expect(
            r.stdout.contains(
                "\n  ft_remittances_received: 12077 read = 12071 accepted + 2 quarantined + 4 filtered (problems: 2 × "
                    + "total-mismatch; filtered: 4 × partner is an aggregate, not a country (territory group))\n"
            ))
        let sources = try report(Self.run.report)
        for (name, s) in sources {
            let read = s["rows_read"] as? Int ?? -1, ok = s["accepted"] as? Int ?? -2
            let q = s["quarantined"] as? Int ?? -3, f = s["filtered"] as? Int ?? -4
            #expect(read == ok + q + f, "\(name)")
        }
        // tps00177: 66 lines × 12 years; the 33 REACH lines repeat the COMPLET ones.
        let emigration = sources["eurostat_emigration"]!
        #expect(emigration["rows_read"] as? Int == 792)
        #expect((emigration["filtered_by_reason"] as? [String: Int]) == ["filter: agedef=REACH is not kept": 396])
        // WDI: 266 lines × 61 years; 50 of the lines are World Bank aggregates (WLD, EUU, HIC…).
        let wdi = sources["wdi_remittances_paid"]!
        #expect(wdi["rows_read"] as? Int == 266 * 61)
        #expect(wdi["filtered"] as? Int == 50 * 61)
    }

    /// A lean release (issue 11): every indicators.csv row but a few has a value, and the store
    /// keeps the ready-made measures whole (deflated) instead of a row per value.
    @Test func theReleaseAndItsStoreAreLean() {
        let empty = Self.run.rows.filter { $0["obs_value"] == "" }.count
        // 25 196: six corridor rows of partners at 0 (FT's AFG column, issue 13) are no corridors;
        // coverage_domains runs from a country's first year with data to its last (6,486 zeros
        // before or after were padding), and the 14 countries whose every cell is missing (a
        // WDI line of empty years) are not countries of the release. 33 175 with issue 14's
        // costs (SDG 10.c.1), concentration and growth over the span, and its protection sources
        // (UNHCR's refugees and asylum-seekers hosted, Eurostat's asylum applicants). 48 310 with the
        // refugees by country of origin (OWID's copy of UNHCR, 1951-2023) and SDG 10.7.4: 1,054 more
        // empty rows are the years inside a series the file has no row for (no refugees recorded).
        #expect(Self.run.rows.count == 48_310 && empty == 1781, "3.7% of the rows have no value (96% did)")
        // The SQLite file's size (on the PostgreSQL pass there is no file: PruneTests measures the server's).
        if Backend.storeIsAFile {
            #expect(Self.run.sizes.store < 25_000_000, "store \(Self.run.sizes.store) bytes (363 MB before)")
        }
        let tables = Self.run.sizes.outputs - Self.run.sizes.report
        // 21.1 MB, 10.4 MB of it measures.csv: the DataBank corridors that are `..` in every
        // quarter are no longer written (they were 10.7 MB). 26.4 MB with the 15,135 values of the
        // refugees by origin and SDG 10.7.4, in every table format.
        #expect(tables < 28_000_000, "outputs but the report \(tables) bytes (217 MB before)")
        // The HTML report (issue 12): 216 pages, charts, tables and annex included (11.6 MB).
        #expect(Self.run.sizes.report < 12_500_000, "report \(Self.run.sizes.report) bytes")
    }

    /// The report (issue 12): a page for every country of the release, and the index.
    @Test func theReportHasAPageForEveryCountry() {
        let countries = Set(Self.run.rows.map { $0["ref_area"]! })
        let pages = manifestLines(Self.run.manifest).filter { $0.contains("  ./report/") }
        #expect(pages.count == countries.count + 1, "\(pages.count) pages for \(countries.count) countries")
        #expect(countries.allSatisfy { c in pages.contains { $0.hasSuffix("./report/\(c).html") } })
    }

    /// `frictionless validate` on the release's data package: every table valid, with its types.
    @Test func theDataPackageValidates() throws {
        let r = try #require(Self.run.frictionless, "frictionless did not run: `make test` installs it")
        #expect(r.status == 0, "\(r.stdout.prefix(2000))")
        let verdicts = DataPackageTests.verdicts(r.stdout)
        #expect(verdicts.count == 8 && verdicts.values.allSatisfy { $0 }, "\(verdicts)")
    }

    /// sdmx1 reads the SDMX data with its structure and the SDG report: every row of
    /// indicators.csv, every code in its list, the values and flags of the table.
    @Test func sdmx1ReadsTheSDMXFilesWithTheirStructure() throws {
        let (json, spots, sdg) = Self.run.sdmx
        #expect(spots.count == 2)
        expectSDMX(json, rows: Self.run.rows, spots: spots, dataflow: "EMP:DF_MIGRATION(1.0)")
        expectSDG(json, rows: Self.run.rows, spot: try #require(sdg), iso: try ISOCodes.load())
    }

    /// Every byte as emp wrote it before the architecture refactor (Fixtures/golden).
    @Test func theReleaseHasTheBytesOfTheGoldenManifest() {
        #expect(manifestLines(Self.run.manifest) == manifestLines(goldenManifest("real-world")))
    }

    @Test func quarantinedCellsOfTheDataBankAreCorridorsOfAFormerCountry() throws {
        let sources = try report(Self.run.report)
        let databank = sources["databank_remittance_costs"]!
        #expect(databank["quarantined"] as? Int == 48 * 35, "48 corridors to ANT × 35 quarters")
        let diagnostics = databank["diagnostics"] as? [[String: Any]] ?? []
        #expect(
            diagnostics.allSatisfy {
                ($0["message"] as? String)?.hasPrefix(
                    "'ANT' is a former country (Netherlands Antilles, withdrawn 2010-12-15)") == true
            })
        #expect(diagnostics.first?["cells"] as? Int == 35)
    }

    @Test func theOnlyQuarantinedRowsAreTotalsThatDisagreeWithTheirParts() throws {
        let quarantine = Self.run.quarantine
        let lines = quarantine.split(separator: "\n").dropFirst()
        #expect(lines.count == 2, "tolerance_pct: 1 absorbs the rounding of the other totals")
        #expect(lines.allSatisfy { $0.contains(",total-mismatch,") })
        // Line 9970 of the FT file: a WORLD total of 4373.93 million against 4310.62 summed over senders.
        #expect(quarantine.contains("9970,total-mismatch,,4373930000,"))
    }

    @Test func figuresEqualTheSourceFiles() {
        // tps00177, line TOTAL,COMPLET,TOTAL,NR,T,BE: 2010 is '66013 b' (break in series).
        #expect(v("BEL", "emi_outflow", 2010)! == ("66013", "B"))
        // Same file, EL (Greece) 2008: '43044 b'; UK 2018: '344347 p'; DE 2016: '533762 be'.
        #expect(v("GRC", "emi_outflow", 2008)! == ("43044", "B"))
        #expect(v("GBR", "emi_outflow", 2018)! == ("344347", "P"))
        #expect(v("DEU", "emi_outflow", 2016)! == ("533762", "B"))
        // 1000 × 66013 / 10895586 (datahub population, BEL 2010) = 6.058692, flag of the break.
        #expect(v("BEL", "emi_rate", 2010)! == ("6.058692", "B"))
        // WDI wide, row "Moldova","MDA": 2019 is "179140000"; Kosovo (XKX) 2019 "42016018.4361824".
        #expect(v("MDA", "remit_out_usd", 2019)! == ("179140000", "A"))
        #expect(v("XKX", "remit_out_usd", 2019)! == ("42016018.44", "A"))
        // FT matrix, Tonga: WORLD 145.89, United States 57.28 (US$ million), year 2017 estimated.
        #expect(v("TON", "remit_in_usd", 2017)! == ("145890000", "E"))
        #expect(
            Self.run.rows.contains {
                $0["ref_area"] == "TON" && $0["indicator"] == "top_corridor_remit_in"
                    && $0["counterpart_area"] == "USA" && $0["rank"] == "1" && $0["obs_value"] == "57280000"
            })
        // migration_permits_issued.csv, "Austria,2012": 37816 first permits.
        #expect(v("AUT", "imm_inflow", 2012)! == ("37816", "A"))
        // Eurostat_2010_2018_15_64.csv, sum of "eurostat" over dest Belgium, year 2010 (NA left out).
        #expect(v("BEL", "imm_stock", 2010)! == ("529701", "A"))
    }

    /// SDG 10.7.4 from OWID's refugees by country of origin and the World Bank population,
    /// 100,000 × refugees / (population + refugees), by hand from the two files' rows.
    @Test func refugeesPer100000AreTheOriginsOverTheirPeople() throws {
        // "Mali,MLI,2019,164466" and "Mali,MLI,2019,21068405": 16,446,600,000 / 21,232,871.
        #expect(v("MLI", "refugees_origin", 2019)! == ("164466", "A"))
        #expect(v("MLI", "sdg_10_7_4", 2019)! == ("774.582015", "A"))
        // Jamaica 2020: 2,526 abroad, 2,830,739 at home.
        #expect(v("JAM", "sdg_10_7_4", 2020)! == ("89.155091", "A"))
        // Ukraine 2022: 5,684,177 abroad, 41,048,766 at home.
        #expect(v("UKR", "sdg_10_7_4", 2022)! == ("12163.105157", "A"))
        // Stateless, Tibet and Unknown have no code and are no country of origin: excluded by name,
        // every other row accepted.
        let owid = try #require(try report(Self.run.report)["owid_refugees_by_origin"])
        #expect(owid["rows_read"] as? Int == 7240 && owid["accepted"] as? Int == 7063)
        #expect(
            (owid["filtered_by_reason"] as? [String: Int])
                == ["exclude: Entity=Stateless": 44, "exclude: Entity=Tibet": 60, "exclude: Entity=Unknown": 73])
    }

    /// SDG 10.c.1 from the DataBank corridor costs (ATCR.CORR), worked out from the file with a
    /// script: each corridor's mean over the year's quarters that are not `..`, then the mean over
    /// the corridors (the ANT corridors are quarantined: a former country).
    @Test func remittanceCostsAreTheMeanOfTheCorridorsOfTheDataBankFile() {
        // The 14 corridors to the Philippines in 2019 (AUS 4.917, CAN 5.614, ... USA 4.440).
        #expect(v("PHL", "remit_cost_receive_avg_pct", 2019)! == ("4.731597", "A"))
        #expect(v("PHL", "remit_cost_receive_corridors", 2019)! == ("14", "A"))
        // From the United Kingdom in 2017; from the United States in 2019, 26 of 42 corridors above 5 %.
        #expect(v("GBR", "remit_cost_send_avg_pct", 2017)! == ("8.451676", "A"))
        #expect(v("USA", "remit_cost_send_above_5_pct", 2019)! == ("61.904762", "A"))
        // measures.csv still lists the quarters as read.
        #expect(
            Self.run.measures.contains { $0["measure"] == "remittance_cost_total" && $0["time_period"] == "2019-Q1" })
    }

    /// Rates and percentages go to measures.csv with their unit, exactly as the files give them.
    @Test func readyMadeMeasuresKeepTheirUnitAndAreNeverSummed() throws {
        let rows = Self.run.measures
        func m(
            _ area: String, _ measure: String, _ year: String, sex: String = "_T", education: String = "_T",
            partner: String = "_T"
        ) -> [String] {
            rows.filter {
                $0["ref_area"] == area && $0["measure"] == measure && $0["time_period"] == year && $0["sex"] == sex
                    && $0["education"] == education && $0["counterpart_area"] == partner
            }.map { "\($0["obs_value"]!) \($0["unit_measure"]!) \($0["obs_status"]!)" }
        }
        // The files say PC (per cent): written PT, the unit vocabulary of the indicators.
        // OECD MIG_EMP_EDUCATION, AUS… "AUT","Austria","FB",…,"H","High",…,"2019": 78.1 (%); total 71.8.
        #expect(m("AUT", "employment_rate_by_education", "2019", education: "HIGH") == ["78.1 PT A"])
        #expect(
            m("AUT", "employment_rate_by_education", "2019") == ["71.8 PT A"],
            "the total is the file's, not a sum of rates")
        // OECD MIG_NUP_RATES_GENDER, AUT FB 2019: N_RATE MEN 75.2, U_RATE WMN 8.4.
        #expect(m("AUT", "employment_rate", "2019", sex: "M") == ["75.2 PT A"])
        #expect(m("AUT", "unemployment_rate", "2019", sex: "F") == ["8.4 PT A"])
        // edat_lfs_9911, AT 2014, ED0-2: 29.6 % with flag b.
        #expect(
            m("AUT", "population_share_by_education", "2014", education: "LOW").first?.hasPrefix("29.6 PT B") == true)
        // FT matrix, Tonga ← WORLD: total_gdppct 0.3411, a fraction of GDP (34 %), not a percentage.
        #expect(m("TON", "remittances_received_share_gdp", "2017") == ["0.3411 RATIO E"])
        #expect(!rows.contains { $0["ref_area"] == "OECD" }, "the OECD total is an aggregate, filtered")
        // DataBank: Australia → Fiji, 2011Q1 [YR2011Q1] = 15.8252944946289 (% of the amount sent).
        #expect(m("AUS", "remittance_cost_total", "2011-Q1", partner: "FJI") == ["15.8252944946289 PT A"])
        // Series, not padding: Angola → Afghanistan is `..` in all 35 quarters, so it has no row;
        // of 184,800 cost rows (5,280 corridors × 35 quarters) 10,427 are left, 25 of them gaps
        // inside a corridor's quarters.
        let costs = rows.filter { $0["measure"] == "remittance_cost_total" }
        #expect(!costs.contains { $0["ref_area"] == "AGO" && $0["counterpart_area"] == "AFG" })
        #expect(costs.count == 10_427 && costs.filter { $0["obs_value"] == "" }.count == 25)
        // Abel & Sander: Canada → United States, countryflow_1995 = 190436 over 1995-2000.
        #expect(m("USA", "migration_flow_5y", "1995-2000", partner: "CAN") == ["190436 PS A"])
        #expect(
            !rows.contains { $0["measure"] == "migration_flow_5y" && $0["time_period"] == "1995" },
            "never a single year")
    }

    @Test func countryNamesMustMapToCodes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-names-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { removeOutput(dir) }
        let yml =
            "version: 1\nname: n\ncountry_names: { \"Korea, Rep.\": KORR }\nsources:\n  - name: p\n    domain: "
            + "population\n"
            + "    path: \(repositoryRoot)/datasets/real-world/datahub-population-gdp-long/population.csv\n"
            + "    columns: { ref_area: Country Code, time_period: Year, value: Value }\n"
        try yml.write(toFile: "\(dir)/n.yml", atomically: true, encoding: .utf8)
        let r = try emp(["validate", "\(dir)/n.yml", "--output", "\(dir)/out"])
        #expect(r.status == 78)
        #expect(r.stderr.contains("'Korea, Rep.' is mapped to 'KORR', which is not an ISO 3166-1 code"))
    }

    @Test func noAggregateBecomesACountry() throws {
        let countries = Set(Self.run.rows.compactMap { $0["ref_area"] })
        #expect(countries.isDisjoint(with: ["WLD", "EUU", "HIC", "EU27_2020", "EA20", "INX", "CHI"]))
        #expect(countries.contains("XKX"))
    }

    @Test func alternativesValidateWithExplainedQuarantine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-alt-\(UUID().uuidString)").path
        let r = try emp(["validate", "pipelines/real-world-alternatives.yml", "--output", dir], cwd: repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("9 sources, 20098 rows read, 15233 accepted, 12 quarantined, 4853 filtered;"))
        defer { removeOutput(dir) }
        let sources = try report(read("\(dir)/quality/report.json"))
        // The 12: sex totals of employed foreigners (thousands, one decimal) off by 0.1 from F + M.
        #expect(sources["eurostat_employed_foreigners"]?["quarantined"] as? Int == 12)
        #expect(
            (sources["eurostat_employed_foreigners"]?["counts_by_rule"] as? [String: Int]) == ["total-mismatch": 12])
        let pjan = sources["eurostat_population_pjangroup"]!
        #expect(
            (pjan["filtered_by_reason"] as? [String: Int])?[
                "ref_area is an aggregate, not a country (Eurostat historical territory)"] == 62)
    }

    /// With two threads the sources after the exchange rates are checked two at a time: the
    /// validation folder is the one a single thread makes, byte for byte, quarantine included.
    @Test func validationOnTwoThreadsIsValidationOnOne() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("emp-thr-\(UUID().uuidString)").path
        var folders: [String: [String: Data]] = [:]
        for threads in ["1", "2"] {
            let dir = "\(base)-\(threads)"
            defer { removeOutput(dir) }
            let r = try emp(
                ["validate", "pipelines/real-world-alternatives.yml", "--output", dir, "--threads", threads],
                cwd: repositoryRoot)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("20098 rows read, 15233 accepted, 12 quarantined, 4853 filtered;"))
            folders[threads] = snapshot(dir)
        }
        #expect(folders["1"]?.keys.contains("quality/quarantine/eurostat_employed_foreigners.csv") == true)
        #expect(folders["1"]?.keys.contains("quality/report.json") == true)
        #expect(folders["1"] == folders["2"])
    }
}

/// The bytes of a file, or of every file under a folder.
func bytes(under path: String) -> Int {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
    guard isFolder.boolValue else {
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
    return (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).reduce(0) {
        $0 + ((try? FileManager.default.attributesOfItem(atPath: "\(path)/\($1)")[.size] as? Int) ?? 0)
    }
}
