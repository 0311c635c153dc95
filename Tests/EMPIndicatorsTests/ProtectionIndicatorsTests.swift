import EMPAggregate
import EMPCore
import EMPIndicators
import EMPValidate
import Testing

/// Refugees, asylum and returns on a cube built by hand: Moldova, 2,000,000 residents in 2019.
/// Every expected value is worked out from these numbers in the comment beside it.
func protectionCube() -> Cube {
    let cube = Cube()
    let rows: [Observation] = [
        Observation(
            domain: .population, refArea: "MDA", year: 2019, direction: nil, dims: Dimensions(), value: 2_000_000,
            status: .normal, line: 0),
        // Refugees from Moldova in two countries of asylum; the Italian figure is an estimate.
        obs(.protection, .outbound, 30_000, [.reason: "REF", .partner: "DEU"]),
        obs(.protection, .outbound, 20_000, status: "E", [.reason: "REF", .partner: "ITA"]),
        // In Moldova: refugees and asylum-seekers (stocks), applications and decisions (flows).
        obs(.protection, .inbound, 4_000, [.reason: "REF"]),
        obs(.protection, .inbound, 1_500, [.reason: "ASY"]),
        obs(.protection, .inbound, 600, [.reason: "APP"]),
        obs(.protection, .inbound, 90, [.reason: "DEC_POS"]),
        obs(.protection, .inbound, 210, [.reason: "DEC_REJ"]),
        obs(.returns, .inbound, 300, [.reason: "VOLUNTARY", .partner: "ITA"]),
        obs(.returns, .inbound, 100, [.reason: "ASSISTED", .partner: "DEU"]),
        obs(.returns, .inbound, 400, [.reason: "FORCED", .partner: "DEU"]),
        obs(.returns, .inbound, 200, [.reason: "_U", .partner: "_O"]),
        obs(.stocks, .outbound, 80_000),
        // 2018: returns of unknown reason only, and an emigrant stock of 0.
        obs(.returns, .inbound, 50, year: 2018, [.reason: "_U"]),
        obs(.stocks, .outbound, 0, year: 2018),
    ]
    rows.forEach(cube.add)
    return cube
}

@Suite struct ProtectionIndicatorsTests {
    let rows = everyYear(IndicatorEngine(cube: protectionCube()))

    @Test func refugeesHostedAndOriginatingKeepTheirStatusApart() {
        #expect(rows.one("refugees_origin")?.value == 50_000, "30,000 + 20,000 over the countries of asylum")
        #expect(rows.one("refugees_origin")?.status.code == "E", "the estimate's flag carries")
        #expect(rows.one("refugees_hosted")?.value == 4_000, "REF only: not the asylum-seekers nor the applications")
        #expect(rows.one("asylum_seekers_hosted")?.value == 1_500)
        #expect(rows.one("asylum_seekers_origin")?.value == nil, "no input: missing, never 0")
        #expect(rows.one("asylum_seekers_origin")?.status.code == "O")
    }

    @Test func sdg1074AddsTheRefugeesToThePopulation() throws {
        // 100,000 × 50,000 / (2,000,000 + 50,000) = 2,439.02439…
        let v = try #require(rows.one("sdg_10_7_4"))
        #expect(abs(v.value! - 100_000.0 * 50_000 / 2_050_000) < 1e-9)
        #expect(v.status.code == "E")
        #expect(v.unit == "PER_100000")
        #expect(rows.one("sdg_10_7_4", year: 2018)?.value == nil, "no refugees, no population in 2018")
    }

    @Test func asylumRatesAndRecognition() {
        #expect(rows.one("asylum_applications")?.value == 600)
        #expect(rows.one("asylum_applications_rate")?.value == 0.3, "1,000 × 600 / 2,000,000")
        #expect(rows.one("asylum_recognition_rate")?.value == 30, "100 × 90 / (90 + 210)")
    }

    @Test func returnsByReason() {
        #expect(rows.one("return_inflow")?.value == 1_000, "300 + 100 + 400 + 200, the unknown reason included")
        #expect(rows.one("return_voluntary")?.value == 300)
        #expect(rows.one("return_assisted")?.value == 100)
        #expect(rows.one("return_forced")?.value == 400)
        #expect(rows.one("share_return_forced")?.value == 50, "100 × 400 / 800 known reasons")
        #expect(rows.one("share_return_reason_unknown")?.value == 20, "100 × 200 / 1,000")
        #expect(rows.one("returns_per_1000_emigrants")?.value == 12.5, "1,000 × 1,000 / 80,000")
    }

    @Test func missingAndUndefinedFollowTheRules() {
        // 2018: 50 returns, all of unknown reason, over an emigrant stock of 0.
        #expect(rows.one("return_inflow", year: 2018)?.value == 50)
        #expect(rows.one("return_forced", year: 2018)?.value == nil)
        #expect(rows.one("share_return_forced", year: 2018)?.value == nil, "no known reason: no denominator")
        #expect(rows.one("share_return_reason_unknown", year: 2018)?.value == 100)
        #expect(rows.one("returns_per_1000_emigrants", year: 2018)?.value == nil)
        #expect(rows.one("returns_per_1000_emigrants", year: 2018)?.status.code == "M", "a zero denominator")
    }

    @Test func theNewDomainsDoNotCountInCoverage() {
        // 2019 has protection, returns and stocks: only stocks is one of the eight domains.
        #expect(rows.one("coverage_domains")?.value == 1)
    }

    @Test func eachDomainReadsItsOwnReasonCodes() throws {
        let codes = CodeNormalizer(iso: try ISOCodes.load())
        #expect(codes.reason("REF", in: .protection) == "REF")
        #expect(codes.reason("ASY_APP", in: .protection) == "APP", "Eurostat's asyl_app code")
        #expect(codes.reason("REJECTED", in: .protection) == "DEC_REJ")
        #expect(codes.reason("REF", in: .inflows) == nil, "a status is not a reason for migrating")
        #expect(codes.reason("REFUGEE", in: .inflows) == "HUMANITARIAN")
        #expect(codes.reason("REFUGEE", in: .protection) == nil, "a flow's alias is not a status")
        #expect(codes.reason("FORCED", in: .returns) == "FORCED")
        #expect(codes.reason("HUMANITARIAN", in: .returns) == nil)
    }

    @Test func everyNewIndicatorIsCatalogued() {
        let ids = [
            "refugees_hosted", "refugees_origin", "asylum_seekers_hosted", "asylum_seekers_origin", "sdg_10_7_4",
            "asylum_applications", "asylum_applications_rate", "asylum_recognition_rate", "return_inflow",
            "return_voluntary", "return_assisted", "return_forced", "share_return_forced",
            "share_return_reason_unknown", "returns_per_1000_emigrants",
        ]
        for id in ids { #expect(Catalogue.definition(of: id) != nil, "\(id)") }
        #expect(Catalogue.definition(of: "sdg_10_7_4")?.standard.contains("SDG 10.7.4") == true)
    }
}
