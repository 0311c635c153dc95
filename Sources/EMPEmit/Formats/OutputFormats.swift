/// The registry of output formats: every format a pipeline may choose (`outputs:`), in the
/// order their files are written. A new format is one file in this folder and one line here.
public enum OutputFormats {
    public static let all: [any OutputFormat] = [
        LongTableFormat(), WideTableFormat(), ProfileFormat(), LabelledTableFormat(), SDMXFormat(), SDGFormat(),
        ReportFormat(),
    ]

    /// Every format's name, in registry order.
    public static var names: [String] { all.map(\.name) }

    /// A release's formats when the pipeline names none.
    public static var defaultNames: [String] { all.filter(\.onByDefault).map(\.name) }

    public static func named(_ name: String) -> (any OutputFormat)? { all.first { $0.name == name } }

    /// The formats of these names, in registry order (so the same choice always writes the
    /// same files in the same order); nil names the first unknown one.
    public static func select(_ names: [String]) -> Result<[any OutputFormat], UnknownFormat> {
        if let unknown = names.first(where: { named($0) == nil }) { return .failure(UnknownFormat(name: unknown)) }
        return .success(all.filter { names.contains($0.name) })
    }

    public struct UnknownFormat: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown output format '\(name)'; the formats are \(OutputFormats.names.joined(separator: ", "))"
        }
    }
}
