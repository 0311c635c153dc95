/// The indicators emp computes: id, name, formula, unit and the standard each follows.
/// `emp indicators` prints this list; `<dir>` stands for `inflow`/`outflow` (flows) or
/// `imm`/`emi` (composition of immigrants / emigrants).
public struct IndicatorDefinition: Sendable, Codable {
    public var id: String
    public var name: String
    public var formula: String
    public var unit: String
    public var standard: String
}

public enum Catalogue {
    static func def(
        _ id: String, _ name: String, _ formula: String, _ unit: String, _ standard: String
    ) -> IndicatorDefinition {
        IndicatorDefinition(id: id, name: name, formula: formula, unit: unit, standard: standard)
    }

    public static let all: [IndicatorDefinition] =
        flows + stocks + brainDrain + composition + ages + sectors + remittances + costs + protection + returns
        + dynamics
        + concentration

    /// The definition of an indicator id as the tables write it (`share_female_imm` is
    /// `share_female_<dir>` of the catalogue).
    public static func definition(of id: String) -> IndicatorDefinition? {
        if let exact = byID[id] { return exact }
        return templates.first {
            id.hasPrefix($0.prefix) && id.hasSuffix($0.suffix) && id.count > $0.prefix.count + $0.suffix.count
        }?
        .definition
    }

    static let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    /// The ids with a placeholder, the most specific first: `top_corridor_<x>_share` must be
    /// tried before `top_corridor_<x>`, which would also match `top_corridor_emi_stock_share`.
    static let templates: [(prefix: String, suffix: String, definition: IndicatorDefinition)] = all.compactMap { d in
        guard let open = d.id.firstIndex(of: "<"), let close = d.id.firstIndex(of: ">") else { return nil }
        return (String(d.id[..<open]), String(d.id[d.id.index(after: close)...]), d)
    }
    .sorted { $0.prefix.count + $0.suffix.count > $1.prefix.count + $1.suffix.count }

    static let flows = [
        def(
            "imm_inflow", "Immigrant inflow", "sum of persons arriving (inflows, direction IN)", Unit.persons,
            "UN Recommendations on Statistics of International Migration Rev.1 (1998)"),
        def(
            "emi_outflow", "Emigrant outflow", "sum of persons leaving (outflows, direction OUT)", Unit.persons,
            "UN 1998 Rev.1"),
        def("net_migration", "Net migration", "imm_inflow - emi_outflow", Unit.persons, "WDI SM.POP.NETM"),
        def(
            "net_migration_rate", "Net migration rate", "1000 * (imm_inflow - emi_outflow) / population",
            Unit.perThousand, "UN WPP; Eurostat crude rate of net migration"),
        def(
            "imm_rate", "Crude immigration rate", "1000 * imm_inflow / population", Unit.perThousand,
            "Eurostat crude rates"),
        def(
            "emi_rate", "Crude emigration rate", "1000 * emi_outflow / population", Unit.perThousand,
            "Eurostat crude rates"),
        def(
            "imm_inflow_records", "Microdata records behind imm_inflow (unweighted sample size)",
            "number of accepted microdata records arriving; missing when the inflow comes from aggregate files",
            Unit.count, "derived (survey practice: report the unweighted base)"),
        def(
            "emi_outflow_records", "Microdata records behind emi_outflow (unweighted sample size)",
            "number of accepted microdata records leaving; missing when the outflow comes from aggregate files",
            Unit.count, "derived"),
    ]

    static let stocks = [
        def(
            "imm_stock", "International migrant stock", "immigrants living in the country (stocks, IN)", Unit.persons,
            "UN DESA IMS; WDI SM.POP.TOTL"),
        def(
            "emi_stock", "Emigrant stock (diaspora)", "emigrants living abroad (stocks, OUT)", Unit.persons,
            "UN DESA IMS by destination and origin"),
        def(
            "imm_stock_pct_pop", "Migrant stock as % of population", "100 * imm_stock / population", Unit.percent,
            "WDI SM.POP.TOTL.ZS"),
        def(
            "emi_rate_stock", "Emigration rate (stock)", "100 * emi_stock / (population + emi_stock)", Unit.percent,
            "Docquier-Marfouk denominator convention"),
    ]

    /// Brain drain (issue 14, point 4): the emigration rate of the tertiary educated, after
    /// `../shared/reference/domain.md` (`emi_rate_tertiary`) and the sources it cites.
    static let brainDrain = [
        def(
            "emi_stock_tertiary", "Tertiary-educated emigrants abroad (25+)",
            "emigrants aged 25+ with ISCED 5-8 living abroad (stocks, OUT, by education); missing unless the ages "
                + "are Y_GE25 or bands tiling 25+ exactly", Unit.persons,
            "ISCED 2011 (UNESCO-UIS); OECD DIOC"),
        def(
            "emi_rate_tertiary", "Emigration rate of the tertiary educated (brain drain)",
            "100 * emi_stock_tertiary / (residents 25+ with ISCED 5-8 (population_by_education) + emi_stock_tertiary)",
            Unit.percent,
            "Docquier & Marfouk, Measuring the international mobility of skilled workers 1990-2000 (World Bank "
                + "PRWP 3381, 2004; 2006); WDI SM.EMI.TERT.ZS (Docquier, Lowell & Marfouk 2009)"),
    ]

    /// Age structure (issue 14, point 6): in the bands a source gives, every band wholly in one group.
    static let ages = [
        def(
            "share_age_under15_<x>", "Share of children (under 15)",
            "100 * age bands under 15 / bands with a known age; missing unless the bands tile every age, none across 15 or 65",
            Unit.percent, "UN DESA IMS age groups; SDMX CL_AGE"),
        def(
            "share_age_15_64_<x>", "Share of working age (15-64)",
            "100 * age bands within 15-64 / bands with a known age; missing unless the bands tile every age, none "
                + "across 15 or 65", Unit.percent, "UN DESA IMS age groups; SDMX CL_AGE"),
        def(
            "share_age_65plus_<x>", "Share aged 65 and over",
            "100 * age bands of 65 and over / bands with a known age; missing unless the bands tile every age, none "
                + "across 15 or 65", Unit.percent, "UN DESA IMS age groups; SDMX CL_AGE"),
    ]

    static let composition = [
        def(
            "share_female_<dir>", "Share of women (inflow, outflow, stock)", "100 * F / (F + M); unknown sex excluded",
            Unit.percent, "UN DESA IMS female share"),
        def(
            "share_sex_unknown_<dir>", "Share with unknown sex", "100 * _U / (F + M + _U)", Unit.percent,
            "SDMX CL_SEX"),
        def(
            "share_high_skilled_<imm|emi>", "Share high-skilled (tertiary)",
            "100 * ISCED 5-8 / known ISCED, age 25+ where given (every age with skills_age: all)", Unit.percent,
            "ISCED 2011 (UNESCO-UIS)"),
        def(
            "share_mid_skilled_<imm|emi>", "Share medium-skilled", "100 * ISCED 3-4 / known ISCED, age 25+ where given",
            Unit.percent, "ISCED 2011"),
        def(
            "share_low_skilled_<imm|emi>", "Share low-skilled", "100 * ISCED 0-2 / known ISCED, age 25+ where given",
            Unit.percent, "ISCED 2011"),
        def(
            "share_isced_unknown_<imm|emi>", "Share with unknown education", "100 * _U / (known ISCED + _U)",
            Unit.percent, "ISCED 2011"),
        def(
            "share_long_term_<dir>", "Share long-term (12 months or more)", "100 * GE12M / (GE12M + M3-11)",
            Unit.percent, "UN 1998 Rev.1"),
        def(
            "share_short_term_<dir>", "Share short-term (3 to 11 months)", "100 * M3-11 / (GE12M + M3-11)",
            Unit.percent, "UN 1998 Rev.1"),
        def(
            "share_duration_unknown_<dir>", "Share with unknown duration", "100 * _U / (GE12M + M3-11 + _U)",
            Unit.percent, "UN 1998 Rev.1"),
        def(
            "share_seasonal_<dir>", "Seasonal-worker share", "100 * SEASONAL_WORK / known reasons", Unit.percent,
            "UN 1998 glossary; ICRMW Art. 2(2)(b)"),
        def(
            "share_forced_<dir>", "Forced (humanitarian) share", "100 * HUMANITARIAN / known reasons", Unit.percent,
            "UNHCR / EGRIS"),
        def(
            "share_reason_unknown_<dir>", "Share with unknown reason", "100 * _U / (known reasons + _U)", Unit.percent,
            "UN 1998 Rev.1"),
    ]

    static let sectors = [
        def(
            "sector_dist_<imm|emi>", "Sector distribution of migrant workers (one row per ISIC section)",
            "100 * section / known sections", Unit.percent, "ISIC Rev.4"),
        def(
            "sector_workers_<imm|emi>", "Migrant workers by sector (one row per ISIC section)",
            "persons in the section", Unit.persons, "ISIC Rev.4"),
        def(
            "share_sector_unknown_<imm|emi>", "Share with unknown sector", "100 * _U / (known sections + _U)",
            Unit.percent, "ISIC Rev.4"),
        def(
            "share_care_workers_<imm|emi>", "Care-worker share",
            "100 * ISCO-08 53 / known occupations; without sub-major groups, ISCO major group 5 in ISIC section Q",
            Unit.percent, "ISCO-08 sub-major group 53 (ILO)"),
    ]

    static let remittances = [
        def(
            "remit_in_usd", "Personal remittances received", "sum of remittances IN, converted to USD", Unit.usd,
            "WDI BX.TRF.PWKR.CD.DT (BPM6)"),
        def(
            "remit_out_usd", "Personal remittances paid", "sum of remittances OUT, converted to USD", Unit.usd,
            "WDI BM.TRF.PWKR.CD.DT (BPM6)"),
        def("remit_net_usd", "Net remittances", "remit_in_usd - remit_out_usd", Unit.usd, "derived"),
        def(
            "remit_in_pct_gdp", "Remittances received as % of GDP", "100 * remit_in_usd / GDP (current USD)",
            Unit.percent, "SDG 17.3.2; WDI BX.TRF.PWKR.DT.GD.ZS"),
        def(
            "remit_in_per_capita", "Remittances received per resident", "remit_in_usd / population", Unit.usdPerPerson,
            "derived"),
    ]

    /// SDG 10.c.1 from corridor costs (`Cube+Costs`): `<send|receive>` is the cost of sending
    /// from the country (it is the sender of the corridor) or to it (the receiver).
    static let costs = [
        def(
            "remit_cost_<send|receive>_avg_pct", "Average cost of sending USD 200 from / to the country",
            "mean over the year's corridors of each corridor's mean cost over the quarters with a value "
                + "(measure remittance_cost_total, % of the amount sent)",
            Unit.percent, "SDG 10.c.1; WDI SI.RMT.COST.OB.ZS (from) / SI.RMT.COST.IB.ZS (to); RPW"),
        def(
            "remit_cost_<send|receive>_above_5_pct", "Share of corridors costing more than 5 %",
            "100 * corridors whose yearly mean cost > 5 / corridors with a cost", Unit.percent,
            "SDG target 10.c (no corridor above 5 %)"),
        def(
            "remit_cost_<send|receive>_gap_to_3_pp", "Distance of the average cost to the 3 % target",
            "remit_cost_<send|receive>_avg_pct - 3 (percentage points; below 0: the target is met)",
            Unit.percentagePoints, "SDG target 10.c (costs below 3 % by 2030)"),
        def(
            "remit_cost_<send|receive>_corridors", "Corridors with a cost",
            "number of corridors with a cost in a quarter of the year", Unit.count, "derived (the base of the means)"),
    ]

    static let dynamics = [
        def(
            "<x>_yoy_pct", "Year-on-year growth of imm_inflow, emi_outflow, remit_in_usd, remit_out_usd",
            "100 * (x_t / x_t-1 - 1); missing when x_t-1 is missing or 0; carries a break flag B", Unit.percent,
            "derived"),
        def(
            "<x>_cagr_pct",
            "Compound annual growth of imm_inflow, emi_outflow, imm_stock, emi_stock, remit_in_usd, remit_out_usd",
            "100 * ((x_t1 / x_t0)^(1 / (t1 - t0)) - 1), t0 and t1 the first and last year with a value; one row, "
                + "at t1; carries the worst flag of the span (a break B included)",
            Unit.percent, "derived"),
        def(
            "top_corridor_<x>", "Top-5 partners of imm_inflow, emi_outflow, emi_stock, remit_in (rank 1-5)",
            "partners ranked by value, largest first; equal values: the code that sorts first ranks higher; _T, _U, "
                + "_O not ranked",
            "unit of x", "derived"),
        def(
            "top_corridor_<x>_share", "Share of each top-5 partner", "100 * partner value / total over all partners",
            Unit.percent, "derived"),
        def(
            "coverage_domains", "Domains with data",
            "number of the domains inflows, outflows, gender, skills, duration, sectors, remittances, stocks with "
                + "data for the year",
            Unit.count, "derived"),
    ]

    static let concentration = [
        def(
            "partner_hhi_<x>",
            "Partner concentration (Herfindahl-Hirschman) of imm_inflow, emi_outflow, imm_stock, emi_stock, remit_in",
            "sum over partners of (partner value / sum of named partners)^2, 0-1; _T, _U, _O, _Z are no partner; "
                + "missing when a partner's value is",
            Unit.ratio, "derived (Herfindahl-Hirschman index)")
    ]
}
