import Foundation
import Testing

/// `pipelines/default.yml` over the sample files in `datasets/`: what `make run` produces.
/// Every expected figure below was worked out from the sample files by hand (the sums are
/// written next to each check), not copied from emp's output.
@Suite(.serialized) struct SamplePipelineTests {
    /// One run of the default pipeline into a temporary folder, shared by the tests.
    static let run: (exec: Exec, dir: String, rows: [[String: String]]) = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-sample-\(UUID().uuidString)").path
        let exec =
            (try? emp(["run", "pipelines/default.yml", "--output", dir], cwd: repositoryRoot, env: goldenDate))
            ?? Exec(status: -1, stdout: "", stderr: "emp did not start")
        return (exec, dir, csvRows("\(dir)/indicators.csv"))
    }()

    func v(
        _ country: String, _ id: String, _ year: Int, counterpart: String = "_T", sector: String = "_Z"
    ) -> (String, String)? {
        value(Self.run.rows, country, id, String(year), counterpart: counterpart, sector: sector)
    }

    @Test func runSucceedsAndReconcilesEveryRow() throws {
        let r = Self.run.exec
        #expect(r.status == 0, "\(r.stderr)")
        // 2094 rows in 37 files (issue 14: a cost file, four of refugees, asylum and returns, one by age,
        // four by education);
        // the one rejected is the grand-total footer of Jamaica's work-permit table.
        #expect(
            r.stdout.contains(
                "emp run default: 37 sources, 2094 rows read, 2093 accepted, 1 quarantined; 1661 indicator values for "
                    + "4 countries; 37 read again, 4 computed, 1661 added; ok"
            ))
        let report =
            try JSONSerialization.jsonObject(with: Data(read("\(Self.run.dir)/quality/report.json").utf8))
            as? [String: Any]
        let sources = report?["sources"] as? [[String: Any]] ?? []
        #expect(sources.count == 37)
        for s in sources {
            let read = s["rows_read"] as? Int ?? -1, ok = s["accepted"] as? Int ?? -2,
                q = s["quarantined"] as? Int ?? -3
            #expect(read == ok + q, "\(s["name"] ?? "?")")
        }
        let quarantine = read("\(Self.run.dir)/quality/quarantine/jam_sectors.csv")
        #expect(
            quarantine.contains(
                "57,bad-year;unknown-code;unknown-code,year;isic_section;isco_major,Total;;,'Total' is not a year"))
    }

    /// Series, not padding: each series runs from its first value to its last, so its first and
    /// last rows have a value and only the years inside may be missing (with their flag).
    @Test func everySeriesRunsFromItsFirstValueToItsLast() {
        var series: [String: [(year: Int, value: String, flag: String)]] = [:]
        for r in Self.run.rows {
            let key = ["ref_area", "indicator", "sex", "counterpart_area", "sector", "rank"].map { r[$0]! }.joined(
                separator: " ")
            // A value withheld by disclosure control (Q, CONF_STATUS C or D) is a value of the series.
            let withheld = r["obs_status"] == "Q" && r["conf_status"] != "F"
            series[key, default: []].append(
                (Int(r["time_period"]!)!, withheld ? "withheld" : r["obs_value"]!, r["obs_status"]!))
        }
        for (key, rows) in series {
            #expect(!rows.first!.value.isEmpty && !rows.last!.value.isEmpty, "\(key)")
            #expect(rows.allSatisfy { !$0.value.isEmpty || ["O", "M"].contains($0.flag) }, "\(key)")
            // A total has a row for every year inside (a breakdown only for the years it exists:
            // a partner ranked 1st in 2016 and 2018 but 2nd in 2017 is two series).
            if key.hasSuffix(" _T _T _Z _Z") {
                #expect(rows.map(\.year) == Array(rows.first!.year...rows.last!.year), "\(key): one row per year")
            }
        }
        // Mali's survey feeds every breakdown: 80 of the 83 indicators (its stocks are of 2020 alone,
        // immigrants without their origin: no growth of stocks, no concentration of immigrants). Bangladesh's arrivals come by
        // reason, not sex: no share of women among immigrants, where the padded table had five
        // years of O rows; its departures have sex, so the emigrants' share is there.
        let ids = { (c: String) in Set(Self.run.rows.filter { $0["ref_area"] == c }.map { $0["indicator"]! }) }
        #expect(ids("MLI").count == 82, "80, and refugees_origin and sdg_10_7_4 from Mali's refugees abroad")
        #expect(!ids("BGD").contains("share_female_inflow") && ids("BGD").contains("share_female_outflow"))
        // A gap inside a series stays: Mali's survey has no care workers among 2018's emigrants.
        #expect(v("MLI", "share_care_workers_emi", 2018)! == ("", "O"))
        // 8 of them: Jamaica's immigrant stock and its share of the population between the 2015
        // and 2020 counts; besides them, the 183 of Mali's survey withheld by disclosure control.
        #expect(
            Self.run.rows.filter { $0["obs_value"] == "" && $0["conf_status"] == "F" }.count == 10,
            "10 of 1657 rows have no value")
        // 174, and 9 of issue 14's concentration and growth built on Mali's survey.
        #expect(Self.run.rows.filter { $0["conf_status"] != "F" }.count == 183)
    }

    /// Jamaica's 2015 immigrant stock by age band (issue 14, point 6): 2,100 children, 3,400 +
    /// 13,300 of working age, 2,900 of 65 and over, 300 of unknown age left out of the shares.
    @Test func ageStructure() {
        #expect(v("JAM", "imm_stock", 2015)! == ("22000", "A"))
        #expect(v("JAM", "share_age_under15_stock", 2015)! == ("9.677419", "A"), "2100 / 21700")
        #expect(v("JAM", "share_age_15_64_stock", 2015)! == ("76.958525", "A"), "16700 / 21700")
        #expect(v("JAM", "share_age_65plus_stock", 2015)! == ("13.364055", "A"), "2900 / 21700")
        #expect(
            !Self.run.rows.contains { $0["ref_area"] == "MLI" && $0["indicator"]!.hasPrefix("share_age_") },
            "Mali's survey gives ages split at 25 only: no structure")
    }

    /// The brain drain of 2020 (issue 14, point 4), from the illustrative files by education.
    /// Moldova: 162,000 tertiary educated of the 25+ abroad, 410,000 at home (the 20,000 aged
    /// 15-24 left out): 100 × 162,000 / 572,000. Jamaica: 110,000 + 25,000 (USA) + 18,000 + 6,000
    /// (GBR) + 22,000 + 4,000 (CAN) = 185,000 abroad in the bands 25-64 and 65+, 250,000 + 30,000
    /// at home (2,000 of unknown age left out): 100 × 185,000 / 465,000. Neither file changes the
    /// emigrant stock, whose totals of every age are the ones summed.
    @Test func brainDrain() {
        #expect(v("MDA", "emi_stock_tertiary", 2020)! == ("162000", "A"))
        #expect(v("MDA", "emi_rate_tertiary", 2020)! == ("28.321678", "A"))
        #expect(v("JAM", "emi_stock_tertiary", 2020)! == ("185000", "A"))
        #expect(v("JAM", "emi_rate_tertiary", 2020)! == ("39.784946", "A"))
        #expect(v("MDA", "emi_stock", 2020)! == ("1160000", "A") && v("JAM", "emi_stock", 2020)! == ("1130000", "A"))
        #expect(
            !Self.run.rows.contains {
                ["BGD", "MLI"].contains($0["ref_area"]) && $0["indicator"]!.hasSuffix("_tertiary")
            })
    }

    @Test func flowsAndRates() {
        // Bangladesh 2019: BMET departures sum to 700,159; arrivals 10,900+7,800+2,700+1,800+2,100+1,200+1,000 =
        // 27,500;
        // population 164,913,055 (World Bank).
        #expect(v("BGD", "emi_outflow", 2019)! == ("700159", "A"))
        #expect(v("BGD", "net_migration_rate", 2019)! == ("-4.078871", "A"))
        // 2020 is provisional (P): 217,669 / 700,159 - 1.
        #expect(v("BGD", "emi_outflow_yoy_pct", 2020)! == ("-68.91149", "P"))
        // Moldova 2018 carries a break in series (B): Total rows 820+600+600+640+280+260+720.
        #expect(v("MDA", "imm_inflow", 2018)! == ("3920", "B"))
        #expect(v("MDA", "imm_inflow_yoy_pct", 2019)! == ("4.591837", "B"))
        // 4,100 immigrants - 5,200 emigrants.
        #expect(v("MDA", "net_migration", 2019)! == ("-1100", "A"))
        // No 2015 flows: no growth for 2016, so the series starts in 2017 (no placeholder row).
        #expect(v("BGD", "imm_inflow_yoy_pct", 2016) == nil)
        #expect(v("BGD", "imm_inflow_yoy_pct", 2017)! == ("564.794007", "A"))
    }

    @Test func compositionShares() {
        // 105,020 women among 700,159 Bangladeshi workers leaving in 2019.
        #expect(v("BGD", "share_female_outflow", 2019)! == ("14.99945", "A"))
        // Rohingya arrivals: 688,000 of 710,000 in 2017.
        #expect(v("BGD", "share_forced_inflow", 2017)! == ("96.901408", "A"))
        // Tertiary 21,004 of 595,133 with known education; 105,026 not stated of 700,159.
        #expect(v("BGD", "share_high_skilled_emi", 2019)! == ("3.529295", "A"))
        #expect(v("BGD", "share_isced_unknown_emi", 2019)! == ("15.000307", "A"))
        // Jamaica 2019 emigrants: 16,376 women, 12,868 men, 596 not stated.
        #expect(v("JAM", "share_female_outflow", 2019)! == ("55.997812", "A"))
        #expect(v("JAM", "share_sex_unknown_outflow", 2019)! == ("1.997319", "A"))
        // Farm-work programmes: 10,300 of 32,950 known reasons; 350 not stated of 33,300.
        #expect(v("JAM", "share_seasonal_outflow", 2019)! == ("31.259484", "A"))
        #expect(v("JAM", "share_reason_unknown_outflow", 2019)! == ("1.051051", "A"))
        // Moldova 2019 immigrants: 1,673 women, 2,417 men, 10 not stated.
        #expect(v("MDA", "share_female_inflow", 2019)! == ("40.904645", "A"))
        #expect(v("MDA", "share_sex_unknown_inflow", 2019)! == ("0.243902", "A"))
        // Labour force survey 2019: long-term 213,693 vs short-term 83,619; 12,388 unknown of 309,700.
        #expect(v("MDA", "share_long_term_outflow", 2019)! == ("71.875", "A"))
        #expect(v("MDA", "share_duration_unknown_outflow", 2019)! == ("4", "A"))
        // Ages 25+ only: ISCED 5-8 34,283 of 221,699 with known education.
        #expect(v("MDA", "share_high_skilled_emi", 2019)! == ("15.463759", "A"))
    }

    @Test func sectorsAndCareWorkers() {
        // Moldova 2019: ISCO 53 in T and Q (33,447 + 16,723) over 256,425 with a known occupation;
        // households as employers (T): 33,447 + 22,298 of 256,425 with a known section.
        #expect(v("MDA", "share_care_workers_emi", 2019)! == ("19.565175", "A"))
        #expect(v("MDA", "sector_dist_emi", 2019, sector: "T")! == ("21.7393", "A"))
        #expect(v("MDA", "sector_workers_emi", 2019, sector: "T")! == ("55745", "A"))
        // Jamaica 2019 work permits: major group 5 in section Q (proxy) 671 of 11,632 with a known sector;
        // construction 2,013 + 1,342; 228 of 11,860 without a sector.
        #expect(v("JAM", "share_care_workers_imm", 2019)! == ("5.768569", "A"))
        #expect(v("JAM", "sector_dist_imm", 2019, sector: "F")! == ("28.842847", "A"))
        #expect(v("JAM", "share_sector_unknown_imm", 2019)! == ("1.922428", "A"))
    }

    @Test func remittancesInUSD() {
        // World Bank / FT bilateral matrix, WORLD row, USD millions, estimate (E).
        #expect(v("BGD", "remit_in_usd", 2017)! == ("13469450000", "E"))
        #expect(v("BGD", "remit_in_pct_gdp", 2017)! == ("4.585619", "E"))
        #expect(v("BGD", "remit_in_usd_yoy_pct", 2018)! == ("15.571163", "E"))
        // BCEAO: 607.9 billion CFA francs at 585.9 XOF per USD; 21,068,405 residents.
        #expect(v("MLI", "remit_in_usd", 2019)! == ("1037549069.81", "A"))
        #expect(v("MLI", "remit_in_per_capita", 2019)! == ("49.246683", "A"))
        // Decimal commas, USD millions, provisional: "1487,6".
        #expect(v("MDA", "remit_in_usd", 2020)! == ("1487600000", "P"))
        // WDI BM.TRF.PWKR.CD.DT: 179,140,000 paid; net 1,258,700,000 - 179,140,000.
        #expect(v("MDA", "remit_out_usd", 2019)! == ("179140000", "A"))
        #expect(v("MDA", "remit_net_usd", 2019)! == ("1079560000", "A"))
        // WDI leaves Jamaica 2020 empty: the series ends with its last value, in 2019.
        #expect(v("JAM", "remit_out_usd", 2020) == nil)
        #expect(v("JAM", "remit_out_usd", 2019) != nil)
        #expect(v("BGD", "remit_in_usd", 2016) == nil)
    }

    /// Issue 14, from datasets/remittances/corridor-costs.csv (illustrative), worked out by hand.
    @Test func remittanceCostsConcentrationAndGrowth() {
        // To Moldova 2020: ITA (2.69, 2.49 P), RUS (1.27, 1.01 P), DEU (3.60, 3.60 P), ISR (4.87, 4.86 P):
        // corridor means 2.59, 1.14, 3.60, 4.865, their mean 3.04875, 0.04875 above the 3 % target.
        #expect(v("MDA", "remit_cost_receive_avg_pct", 2020)! == ("3.04875", "P"))
        #expect(v("MDA", "remit_cost_receive_gap_to_3_pp", 2020)! == ("0.04875", "P"))
        #expect(v("MDA", "remit_cost_receive_corridors", 2020)! == ("4", "P"))
        // To Mali 2017: FRA (8.09, 8.42), CIV (6.76, 6.58), ESP (9.09; its 2017-Q3 blank): 8.255, 6.67,
        // 9.09, mean 8.005; every corridor above 5 %.
        #expect(v("MLI", "remit_cost_receive_avg_pct", 2017)! == ("8.005", "A"))
        #expect(v("MLI", "remit_cost_receive_above_5_pct", 2017)! == ("100", "A"))
        // From Bangladesh: one corridor (to Nepal), 2016 quarters 7.76 and 7.50.
        #expect(v("BGD", "remit_cost_send_avg_pct", 2016)! == ("7.63", "A"))
        // The 94 senders of the bilateral matrix to Bangladesh, 2017: sum of squared shares.
        #expect(v("BGD", "partner_hhi_remit_in", 2017)! == ("0.187699", "E"))
        // Arrivals in Moldova 3,600 (2016) to 2,560 (2020): (2560 / 3600)^(1/4) - 1; the 2018 break flags it.
        #expect(v("MDA", "imm_inflow_cagr_pct", 2020)! == ("-8.170046", "B"))
        #expect(v("MDA", "imm_inflow_cagr_pct", 2019) == nil)
    }

    @Test func stocks() {
        // 7,094,000 Bangladeshis abroad over 166,298,024 + 7,094,000.
        #expect(v("BGD", "emi_rate_stock", 2020)! == ("4.091307", "A"))
        // 23,400 immigrants in Jamaica, population 2,830,739.
        #expect(v("JAM", "imm_stock_pct_pop", 2020)! == ("0.826639", "A"))
    }

    @Test func corridorsAndTheTieRule() {
        #expect(v("BGD", "top_corridor_remit_in", 2017, counterpart: "IND")! == ("4032600000", "E"))
        #expect(v("BGD", "top_corridor_remit_in_share", 2017, counterpart: "IND")! == ("29.938862", "E"))
        #expect(v("MDA", "top_corridor_remit_in_share", 2020, counterpart: "ITA")! == ("19.178543", "P"))
        // The UK and Canada both hold 140,000 Jamaicans: CAN sorts first, so it ranks 2 and GBR 3.
        let jam = Self.run.rows.filter {
            $0["ref_area"] == "JAM" && $0["indicator"] == "top_corridor_emi_stock" && $0["time_period"] == "2020"
        }
        .map { "\($0["rank"]!) \($0["counterpart_area"]!) \($0["obs_value"]!)" }
        #expect(jam == ["1 USA 790000", "2 CAN 140000", "3 GBR 140000", "4 CYM 15000"])
    }

    @Test func microdataWeightsSumExactly() {
        // Mali survey 2019: weights of 'arrivee' records and 'depart' records, summed in cents.
        #expect(v("MLI", "imm_inflow", 2019)! == ("20283.64", "A"))
        #expect(v("MLI", "emi_outflow", 2019)! == ("23744.57", "A"))
        #expect(v("MLI", "share_female_outflow", 2019)! == ("37.781775", "A"))
        // Withheld (D): the unknown level has too few records (C), and the known levels' shares
        // are withheld to protect it. disclosure: off gives 13.672351.
        #expect(v("MLI", "share_high_skilled_emi", 2019)! == ("", "Q"))
        #expect(v("MLI", "share_long_term_outflow", 2019)! == ("56.497113", "A"))
        // Withheld (C): several sections and the unknown have too few records, and the known
        // sections' sum, the denominator, adds some of them (disclosure: off gives 33.06324).
        #expect(v("MLI", "sector_dist_emi", 2019, sector: "A")! == ("", "Q"))
        #expect(v("MLI", "sector_workers_emi", 2019, sector: "A")! == ("4156.36", "A"))
        // Unweighted sample size: 70 'arrivee' and 80 'depart' records in 2019; aggregate files have none.
        #expect(v("MLI", "imm_inflow_records", 2019)! == ("70", "A"))
        #expect(v("MLI", "emi_outflow_records", 2019)! == ("80", "A"))
        #expect(v("JAM", "imm_inflow_records", 2019) == nil, "no records: no series")
        // Alpha-2 partner codes (CI, SN) come out as alpha-3.
        #expect(v("MLI", "top_corridor_emi_outflow", 2019, counterpart: "CIV")! == ("7483.17", "A"))
        #expect(v("MLI", "top_corridor_emi_outflow", 2019, counterpart: "SEN")! == ("2897.59", "A"))
        #expect(v("MLI", "coverage_domains", 2019)! == ("7", "A"))
    }

    @Test func twoRunsGiveTheSameBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emp-sample-again-\(UUID().uuidString)")
            .path
        let again = try emp(
            ["run", "pipelines/default.yml", "--output", dir, "--quiet"], cwd: repositoryRoot, env: goldenDate)
        #expect(again.status == 0)
        defer { removeOutput(dir) }
        let a = snapshot(Self.run.dir), b = snapshot(dir)
        #expect(
            a.count == 21, "changes.csv, measures.csv, the profile schema, datapackage.json, SDMX, SDG and the report")
        #expect(a == b)
    }

    @Test func refugeesAsylumAndReturns() {
        // Bangladesh 2019: refugees abroad 5,350 + 4,500 + 3,100 + 2,200 + 9,200 = 24,350;
        // 100,000 × 24,350 / (164,913,055 + 24,350) = 14.763176.
        #expect(v("BGD", "refugees_origin", 2019)! == ("24350", "A"))
        #expect(v("BGD", "sdg_10_7_4", 2019)! == ("14.763176", "A"))
        #expect(v("BGD", "refugees_hosted", 2019)! == ("854700", "A"))
        // Mali 2019: 58,200 + 57,400 + 26,000 + 5,600 = 147,200 over 21,068,405 + 147,200.
        #expect(v("MLI", "sdg_10_7_4", 2019)! == ("693.828906", "A"))
        // Moldova 2019: 216 applications for 2,664,224 residents; 70 positive of 70 + 112 decisions.
        #expect(v("MDA", "asylum_applications_rate", 2019)! == ("0.081074", "A"))
        #expect(v("MDA", "asylum_recognition_rate", 2019)! == ("38.461538", "A"))
        // Jamaica 2020: 1,905 returns, 880 deported of 1,870 with a known reason; 1,130,000 emigrants.
        #expect(v("JAM", "return_inflow", 2020)! == ("1905", "A"))
        #expect(v("JAM", "share_return_forced", 2020)! == ("47.058824", "A"))
        #expect(v("JAM", "returns_per_1000_emigrants", 2020)! == ("1.685841", "A"))
        #expect(v("JAM", "returns_per_1000_emigrants", 2019) == nil, "no emigrant stock for 2019")
    }
}
