import EMPAggregate
import EMPCore
import EMPIndicators
import Testing

@Suite struct CellSuppressionTests {
    let rule = DisclosureRule(minRecords: 5)
    func cell(_ name: String, _ value: Double, _ records: Int) -> CellSuppression.Cell {
        CellSuppression.Cell(name: name, value: value, records: records)
    }

    @Test func nothingSmallNothingWithheld() {
        #expect(CellSuppression.protect([cell("F", 10, 5), cell("M", 20, 9)], rule: rule).isEmpty)
    }

    @Test func oneSmallCellTakesTheSmallestOtherWithIt() {
        // F has 2 records: primary. Alone, it would be the total less M and _U: the smallest
        // other cell (_U, 30) goes with it; M stays published.
        let status = CellSuppression.protect(
            [cell("F", 40, 2), cell("M", 500, 60), cell("_U", 30, 7)], rule: rule)
        #expect(status == ["F": .primary, "_U": .secondary])
    }

    @Test func tiesGoByName() {
        let status = CellSuppression.protect(
            [cell("C", 40, 2), cell("B", 30, 9), cell("A", 30, 9)], rule: rule)
        #expect(status == ["C": .primary, "A": .secondary])
    }

    @Test func twoSmallCellsTooFewTogetherTakeAThird() {
        // 1 + 2 records: withheld together their sum (the total less the rest) is still a
        // cell of 3 records, so a third cell goes with them.
        let status = CellSuppression.protect(
            [cell("A", 5, 1), cell("B", 7, 2), cell("C", 90, 20), cell("D", 80, 30)], rule: rule)
        #expect(status == ["A": .primary, "B": .primary, "D": .secondary])
    }

    @Test func twoSmallCellsOfEnoughRecordsProtectEachOther() {
        let status = CellSuppression.protect([cell("A", 5, 3), cell("B", 7, 4), cell("C", 90, 20)], rule: rule)
        #expect(status == ["A": .primary, "B": .primary])
    }

    @Test func offWithholdsNothing() {
        #expect(CellSuppression.protect([cell("F", 1, 1), cell("M", 2, 1)], rule: .off).isEmpty)
        #expect(!DisclosureRule(minRecords: 1).isOn && !DisclosureRule(minRecords: 5).isSensitive(0))
    }
}

/// The engine on a made-up survey: every withheld value and every published one worked out by hand.
@Suite struct DisclosureEngineTests {
    /// MDA 2019 inflows, 13 records: F 2 records of weight 10 (from ITA, ISCED 6), M 5 of 30
    /// (ROU, ISCED 3), _U 6 of 5 (UKR, ISCED 1). Total 200.
    func survey() -> Cube {
        let cube = Cube()
        func add(_ n: Int, _ w: Double, _ sex: String, _ partner: String, _ education: String) {
            for _ in 0..<n {
                var o = obs(
                    .microdata, .inbound, w,
                    [
                        .sex: sex, .partner: partner, .education: education, .age: "Y_GE25", .duration: "GE12M",
                        .reason: "WORK", .sector: "C", .occupation: "7",
                    ])
                o.domain = .microdata
                cube.add(o)
            }
        }
        add(2, 10, "F", "ITA", "6")
        add(5, 30, "M", "ROU", "3")
        add(6, 5, "_U", "UKR", "1")
        // An aggregate source for another country: a cell of one row is no microdata cell.
        var agg = obs(.inflows, .inbound, 2, [.partner: "ROU"])
        agg.refArea = "AUT"
        cube.add(agg)
        return cube
    }

    @Test func primaryAndSecondaryCells() {
        let rows = IndicatorEngine(cube: survey(), disclosure: DisclosureRule(minRecords: 5)).computeAll()
            .filter { $0.refArea == "MDA" }
        #expect(rows.one("imm_inflow")?.value == 200 && rows.one("imm_inflow")?.conf == .free)
        // F (2 records) is C; the smallest other cell, _U (30), is D; M stays, but only within
        // F + M, which needs F.
        let female = rows.one("share_female_inflow"), unknown = rows.one("share_sex_unknown_inflow")
        #expect(female?.value == nil && female?.status.code == "Q" && female?.conf == .primary)
        #expect(unknown?.value == nil && unknown?.status.code == "Q" && unknown?.conf == .secondary)
        // Skills: high (2 records) C, low (30, the smallest other) D; mid over the known levels
        // (the whole breakdown, the published total) stays: 75 %, and high + low = 50 is all a
        // reader gets of the two.
        #expect(rows.one("share_high_skilled_imm")?.conf == .primary)
        #expect(rows.one("share_low_skilled_imm")?.conf == .secondary)
        #expect(rows.one("share_mid_skilled_imm")?.value == 75 && rows.one("share_mid_skilled_imm")?.conf == .free)
        // Corridors: ITA (2 records) C; UKR, the smallest other partner, D; ROU published.
        let top = rows.filter { $0.indicator == "top_corridor_imm_inflow" }
        #expect(top.map(\.counterpart) == ["ROU", "UKR", "ITA"])
        #expect(top.map(\.conf) == [.free, .secondary, .primary] && top.map(\.value) == [150, nil, nil])
        let shares = rows.filter { $0.indicator == "top_corridor_imm_inflow_share" }
        #expect(shares.map(\.conf) == [.free, .secondary, .primary] && shares[0].value == 75)
        // Every withheld value is Q with no value.
        #expect(rows.filter { $0.conf != .free }.allSatisfy { $0.value == nil && $0.status == .suppressed })
    }

    @Test func aSmallFlowTakesWhatIsBuiltOnIt() {
        let rows = IndicatorEngine(cube: survey(), disclosure: DisclosureRule(minRecords: 14)).computeAll()
        let mda = rows.filter { $0.refArea == "MDA" }
        for id in ["imm_inflow", "imm_inflow_records", "share_female_inflow", "share_mid_skilled_imm"] {
            #expect(mda.one(id)?.conf == .primary && mda.one(id)?.value == nil, "\(id)")
        }
        // The aggregate source's one-row cell is published as it is.
        let aut = rows.filter { $0.refArea == "AUT" }
        #expect(aut.one("imm_inflow")?.value == 2 && aut.one("imm_inflow")?.conf == .free)
    }

    @Test func offGivesThePlainSums() {
        let on = IndicatorEngine(cube: survey(), disclosure: DisclosureRule(minRecords: 5)).computeAll()
        let off = IndicatorEngine(cube: survey()).computeAll()
        #expect(off.allSatisfy { $0.conf == .free } && off.one("share_female_inflow")?.value == 100 * 20 / 170.0)
        #expect(on.count == off.count)
        #expect(on.filter { $0.conf == .free } == off.filter { o in on.contains { $0.conf == .free && $0 == o } })
    }
}
