/// A problem in a pipeline file, with the YAML key and line it sits at.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var line: Int?
    public var message: String

    public var description: String {
        let at = line.map { "line \($0)" } ?? "file"
        return "\(at): \(key): \(message)"
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public var file: String
    public var issues: [ConfigIssue]

    public var description: String {
        "\(file): pipeline file is not valid (\(issues.count) problem\(issues.count == 1 ? "" : "s")):\n"
            + issues.map { "  \(file):\($0)" }.joined(separator: "\n")
    }
}
