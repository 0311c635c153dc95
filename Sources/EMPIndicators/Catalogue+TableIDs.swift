extension Catalogue {
    /// What the placeholder of each catalogue id stands for in the tables: the engine writes
    /// `share_female_stock` but no `share_long_term_stock`, so this is said id by id rather
    /// than derived from the placeholder. A code list of every indicator (SDMX CL_INDICATOR)
    /// is built from it; a test checks that every id the engine writes is listed here.
    static let expansions: [String: [String]] = {
        let flows = ["inflow", "outflow"], who = ["imm", "emi"], ages = ["inflow", "outflow", "stock", "emi_stock"]
        var table: [String: [String]] = [
            "share_female_<dir>": flows + ["stock"], "share_sex_unknown_<dir>": flows + ["stock"],
            "<x>_yoy_pct": ["imm_inflow", "emi_outflow", "remit_in_usd", "remit_out_usd"],
            "top_corridor_<x>": ["imm_inflow", "emi_outflow", "emi_stock", "remit_in"],
            "top_corridor_<x>_share": ["imm_inflow", "emi_outflow", "emi_stock", "remit_in"],
            "<x>_cagr_pct": ["imm_inflow", "emi_outflow", "imm_stock", "emi_stock", "remit_in_usd", "remit_out_usd"],
            "partner_hhi_<x>": ["imm_inflow", "emi_outflow", "imm_stock", "emi_stock", "remit_in"],
            "share_age_under15_<x>": ages, "share_age_15_64_<x>": ages, "share_age_65plus_<x>": ages,
        ]
        for d in all where table[d.id] == nil {
            if d.id.contains("<imm|emi>") { table[d.id] = who } else if d.id.contains("<dir>") { table[d.id] = flows }
            if d.id.contains("<send|receive>") { table[d.id] = ["send", "receive"] }
        }
        return table
    }()

    /// Every indicator id the tables can hold, sorted, with its catalogue entry and what its
    /// placeholder stands for (nil for an id without one).
    public static let tableIDs: [(id: String, definition: IndicatorDefinition, variant: String?)] = all.flatMap {
        d -> [(id: String, definition: IndicatorDefinition, variant: String?)] in
        guard let open = d.id.firstIndex(of: "<"), let close = d.id.firstIndex(of: ">") else { return [(d.id, d, nil)] }
        let (head, tail) = (String(d.id[..<open]), String(d.id[d.id.index(after: close)...]))
        return (expansions[d.id] ?? []).map { (head + $0 + tail, d, $0) }
    }
    .sorted { $0.id < $1.id }
}
