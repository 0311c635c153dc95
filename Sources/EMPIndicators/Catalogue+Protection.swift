/// Refugees, asylum and return migration (issue 14): a block of its own, so that other
/// families added beside it merge without touching it.
extension Catalogue {
    static let protection = [
        def(
            "refugees_hosted", "Refugees hosted", "refugees in the country of asylum (protection, IN, status REF)",
            Unit.persons, "UNHCR Refugee Data Finder; WDI SM.POP.REFG"),
        def(
            "refugees_origin", "Refugees originating from the country",
            "refugees from the country, summed over the countries of asylum (protection, OUT, status REF)",
            Unit.persons, "UNHCR Refugee Data Finder; WDI SM.POP.REFG.OR"),
        def(
            "asylum_seekers_hosted", "Asylum-seekers in the country",
            "asylum-seekers whose claim is pending at the end of the year (protection, IN, status ASY)", Unit.persons,
            "UNHCR Refugee Data Finder"),
        def(
            "asylum_seekers_origin", "Asylum-seekers originating from the country",
            "asylum-seekers from the country, summed over the countries of asylum (protection, OUT, status ASY)",
            Unit.persons, "UNHCR Refugee Data Finder"),
        def(
            "sdg_10_7_4", "Proportion of the population who are refugees, by country of origin",
            "100000 * refugees_origin / (population + refugees_origin)", Unit.perHundredThousand,
            "SDG 10.7.4 (custodian UNHCR)"),
        def(
            "asylum_applications", "Asylum applications",
            "applications lodged in the year (protection, IN, status APP)",
            Unit.persons, "Eurostat migr_asyappctza"),
        def(
            "asylum_applications_rate", "Asylum applications per 1,000 population",
            "1000 * asylum_applications / population", Unit.perThousand, "Eurostat migr_asyappctza; crude rates"),
        def(
            "asylum_recognition_rate", "First-instance recognition rate",
            "100 * DEC_POS / (DEC_POS + DEC_REJ); decisions of the year, on applications of any year, so not the "
                + "share of the year's applicants recognised",
            Unit.percent, "Eurostat migr_asydcfsta (first-instance decisions)"),
    ]

    static let returns = [
        def(
            "return_inflow", "Returning nationals", "nationals coming back to live in the country (returns, IN)",
            Unit.persons, "UN 1998 Rev.1 (returning migrants)"),
        def(
            "return_voluntary", "Returning nationals, voluntary", "returns with reason VOLUNTARY", Unit.persons,
            "UN 1998 Rev.1"),
        def(
            "return_assisted", "Returning nationals, assisted voluntary return", "returns with reason ASSISTED",
            Unit.persons, "IOM assisted voluntary return and reintegration (AVRR)"),
        def(
            "return_forced", "Returning nationals, forced (deported)", "returns with reason FORCED", Unit.persons,
            "Eurostat migr_eirtn (returned following an order to leave)"),
        def(
            "share_return_forced", "Forced share of returns",
            "100 * FORCED / (VOLUNTARY + ASSISTED + FORCED); unknown reason excluded", Unit.percent, "derived"),
        def(
            "share_return_reason_unknown", "Share of returns with unknown reason",
            "100 * _U / (VOLUNTARY + ASSISTED + FORCED + _U)", Unit.percent, "derived"),
        def(
            "returns_per_1000_emigrants", "Returns per 1,000 emigrants abroad",
            "1000 * return_inflow / emi_stock, both of the same year", Unit.perThousandEmigrants, "derived"),
    ]
}
