import EMPCore
import Foundation

/// `quality/quarantine/<source>.csv`: each rejected row with why, followed by the row's own
/// fields under the file's own header, so it can be fixed and fed again.
public enum QuarantineFile {
    public static func path(_ source: String) -> String { "quality/quarantine/\(source).csv" }

    public static func render(_ q: Quarantine) -> Data {
        var text: [UInt8] = []
        CSVText.append(["_line", "_rule", "_column", "_value", "_reason"] + q.header, to: &text)
        for r in q.rows { CSVText.append([String(r.line), r.rule, r.column, r.value, r.reason] + r.cells, to: &text) }
        return Data(text)
    }
}
