import EMPConfig
import EMPCore

// Rules on codes: countries, the breakdowns' code lists, SDMX flags.

public enum UnknownCountry: ValidationRule {
    public static let id = Rule.unknownCountry
    public static let checks =
        "a `ref_area` that is not an ISO 3166-1 code or a known name "
        + "(a former country says which and since when)"
    public static let fix =
        "use alpha-3, alpha-2 or numeric codes, "
        + "or map the names under `country_names` or `values: ref_area`"

    /// `former` is the ISO 3166-3 entry of a country that no longer exists.
    static func problem(_ column: String, value: String, former: String?) -> RowProblem {
        let (message, hint) = text(value, former: former, field: "ref_area")
        return problem(column, value, message, hint)
    }

    /// Why a text is not a country, for `ref_area` and for `partner` (see `UnknownCode.formerPartner`).
    static func text(_ s: String, former: String?, field: String) -> (message: String, hint: String) {
        if let former {
            return (
                "'\(s)' is a former country (\(former)): it has no current ISO 3166-1 code",
                "map it to a successor under country_names only if the figures allow it; "
                    + "otherwise leave the row quarantined"
            )
        }
        return (
            "'\(s)' is not an ISO 3166-1 country code",
            "use alpha-3 (MDA), alpha-2 (MD) or numeric (498), "
                + "or map the name under country_names or values: \(field)"
        )
    }
}

public enum UnknownCode: ValidationRule {
    public static let id = Rule.unknownCode
    public static let checks =
        "a code outside its list: sex, age, partner, duration, reason, education, sector, "
        + "occupation, direction, currency; a `measure` or `unit` that is not an identifier"
    public static let fix = "use the list's codes, or map the source's labels under `values`"

    /// The codes each breakdown takes, for its hint.
    static func expected(_ field: CanonicalField) -> String {
        switch field {
        case .sex: return "expected F, M, _T, _U or _Z (Male/Female/Total are also read)"
        case .age: return "expected _T, a band such as Y15-64, or Y_GE25"
        case .partner: return "expected an ISO 3166-1 country code, or _T, _U, _O"
        case .duration: return "expected LT3M, M3-11, GE12M, _T, _U or _Z"
        case .reason: return "expected WORK, SEASONAL_WORK, FAMILY, STUDY, HUMANITARIAN, OTHER, _T or _U"
        case .education: return "expected an ISCED 2011 level 0-8, LOW, MID, HIGH, _T or _U"
        case .sector: return "expected an ISIC Rev.4 section A-U, _T, _U or _Z (not applicable)"
        case .occupation:
            return "expected an ISCO-08 major (0-9) or sub-major group (e.g. 53), _T, _U or _Z (not applicable)"
        default: return "expected a code of the \(field.rawValue) list"
        }
    }

    /// A breakdown's code (sex, age, partner, duration, reason, education, sector, occupation).
    /// The protection and return domains take reason codes of their own, and say so.
    static func dimension(
        _ column: String, value: String, field: CanonicalField, domain: Domain = .inflows
    )
        -> RowProblem
    {
        let hint =
            field == .reason && (domain == .protection || domain == .returns)
            ? "expected " + domain.reasonCodes.sorted().joined(separator: ", ") : expected(field)
        return problem(
            column, value, "'\(value)' is not a valid \(field.rawValue) code",
            hint + "; map source labels under values: \(field.rawValue)")
    }

    /// A partner that was a country (ISO 3166-3): said as for `ref_area`.
    static func formerPartner(_ column: String, value: String, former: String) -> RowProblem {
        let (message, hint) = UnknownCountry.text(value, former: former, field: "partner")
        return problem(column, value, message, hint)
    }

    static func currency(_ column: String, value: String) -> RowProblem {
        problem(column, value, "'\(value)' is not an ISO 4217 currency code", "use a code such as USD, EUR or XOF")
    }

    static func direction(_ column: String, value: String) -> RowProblem {
        problem(
            column, value, "'\(value)' is not a direction",
            "expected IN or OUT; map other words under values: direction")
    }

    /// A `measure` or `unit` of a ready-made value: an identifier, not free text.
    static func identifier(_ column: String, value: String, field: CanonicalField) -> RowProblem {
        problem(
            column, value, "'\(value)' is not a \(field.rawValue) identifier",
            "use letters, digits, _ - . (e.g. employment_rate, PC); map labels under values: \(field.rawValue)")
    }
}

public enum UnknownFlag: ValidationRule {
    public static let id = Rule.unknownFlag
    public static let checks =
        "an observation status that is not SDMX (nor a Eurostat flag), "
        + "or a missing-value flag on a value that is there"
    public static let fix =
        "use A, B, E, P, F, U… (or Eurostat b, e, p…); "
        + "leave the value empty when the flag says it is missing"

    static func unknown(_ column: String, value: String) -> RowProblem {
        problem(
            column, value, "'\(value)' is not an SDMX observation status",
            "use A, B, E, P, F, U… (or Eurostat b, e, p…)")
    }

    /// The flag (`flag` as written, `code` in SDMX) says missing but the value column holds `value`.
    static func missingButGiven(_ column: String, flag: String, code: String, value: String) -> RowProblem {
        problem(
            column, flag, "the flag \(code) marks a missing value but the value is \(value)",
            "leave the value empty or use a flag for present values")
    }
}
