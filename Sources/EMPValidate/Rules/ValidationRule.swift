import EMPCore

/// One validation rule as a unit: its stable id (and with it its kind), one line on what it
/// checks and one on the usual fix (for `emp rules` and the README), and the functions that
/// build each problem it reports. Every message and hint is written in its rule's unit, never
/// at the place that finds the problem, so a text is written once and the catalogue can list
/// them all. The units are caseless enums: rules have no state, only texts and templates.
public protocol ValidationRule {
    static var id: Rule { get }
    /// What the rule checks, in one line (Markdown: `code` in backquotes).
    static var checks: String { get }
    /// The usual fix, in one line; each problem's hint gives the fix for its own case.
    static var fix: String { get }
}

extension ValidationRule {
    /// structure, type, code, range or consistency: the group `Rule` puts the id in (EMPCore,
    /// where the quality report reads it too).
    public static var kind: String { id.kind }

    /// A problem of this rule. The file's text it quotes (its value, in the message and the
    /// hint too) is bounded (`Echo`): a report repeats enough of a field to find it, no more.
    static func problem(_ column: String?, _ value: String?, _ message: String, _ hint: String) -> RowProblem {
        RowProblem(
            column: column.map(Echo.bounded), rule: id, value: value.map(Echo.bounded),
            message: Echo.bounding(value, in: message), hint: Echo.bounding(value, in: hint))
    }
}

extension Rule {
    /// The unit of a rule id. The switch is exhaustive: a new id does not compile without its unit.
    public var unit: any ValidationRule.Type {
        switch self {
        case .emptyFile: EmptyFile.self
        case .missingColumn: MissingColumn.self
        case .duplicateColumn: DuplicateColumn.self
        case .wrongDelimiter: WrongDelimiter.self
        case .raggedRow: RaggedRow.self
        case .badQuoting: BadQuoting.self
        case .badEncoding: BadEncoding.self
        case .oversizedField: OversizedField.self
        case .unreadableFile: UnreadableFile.self
        case .filterUnmatched: FilterUnmatched.self
        case .noRowAccepted: NoRowAccepted.self
        case .footerIsData: FooterIsData.self
        case .notANumber: NotANumber.self
        case .badYear: BadYear.self
        case .missingValue: MissingValue.self
        case .unknownCountry: UnknownCountry.self
        case .unknownCode: UnknownCode.self
        case .unknownFlag: UnknownFlag.self
        case .negativeValue: NegativeValue.self
        case .outOfRange: OutOfRange.self
        case .totalMismatch: TotalMismatch.self
        case .duplicateCell: DuplicateCell.self
        case .conflictingCell: ConflictingCell.self
        case .missingPart: MissingPart.self
        case .missingDenominator: MissingDenominator.self
        }
    }
}
