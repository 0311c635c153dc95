@testable import EMPValidate

/// PeriodText is internal to EMPValidate: tests reach it through this probe.
enum PeriodTextProbe {
    static func parse(_ s: String) -> String? { PeriodText.parse(s)?.text }
}
