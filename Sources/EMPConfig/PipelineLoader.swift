import EMPCore
import Foundation
import Yams

/// Reads a pipeline file and checks it completely before any data is read: YAML syntax, keys
/// (unknown ones are errors: a typo must not be silently ignored), types, and what each
/// source's domain needs. Every problem is reported with its key and line.
public enum PipelineLoader {
    static let topKeys: Set<String> = [
        "version", "name", "output", "store", "tolerance_pct", "skills_age", "country_names", "sources",
        "max_removed_pct", "allow_removals", "outputs", "sdmx", "report", "max_field_bytes", "max_record_bytes",
        "allowed_roots", "disclosure",
    ]
    static let sourceKeys: Set<String> = [
        "name", "domain", "path", "dialect", "columns", "values", "constants",
        "missing", "on_error", "max_error_rate", "encoding", "layout", "filter", "exclude",
        "on_failure", "max_field_bytes", "max_record_bytes", "empty",
    ]
    static let dialectKeys: Set<String> = ["delimiter", "quote", "decimal", "grouping", "trim"]

    public static func load(path: String) throws -> PipelineConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(
                file: path, issues: [ConfigIssue(key: "(file)", line: nil, message: "cannot read the pipeline file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, issues: [ConfigIssue(key: "(file)", line: nil, message: "not UTF-8 text")])
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> PipelineConfig {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(
                    file: file, issues: [ConfigIssue(key: "(file)", line: nil, message: "the file is empty")])
            }
            root = node
        } catch let error as YamlError {
            throw ConfigError(file: file, issues: [syntaxIssue(error)])
        }
        // Every shape problem at once, in the order of the file's lines.
        var issues = checkShape(root).enumerated().sorted { ($0.1.line ?? 0, $0.0) < ($1.1.line ?? 0, $1.0) }.map(\.1)
        if !issues.isEmpty { throw ConfigError(file: file, issues: issues) }
        let config: PipelineConfig
        do {
            config = try YAMLDecoder().decode(PipelineConfig.self, from: text)
        } catch let error as DecodingError {
            throw ConfigError(file: file, issues: [decodingIssue(error, root: root)])
        }
        issues = SemanticCheck(root: root).check(config)
        if !issues.isEmpty { throw ConfigError(file: file, issues: issues) }
        return config
    }

    static func syntaxIssue(_ error: YamlError) -> ConfigIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return ConfigIssue(key: "(syntax)", line: mark.line, message: "YAML syntax error: \(problem)")
        default:
            return ConfigIssue(key: "(syntax)", line: nil, message: "YAML error: \(error)")
        }
    }

    /// Unknown keys and wrong container types, found on the node tree so each has a line.
    static func checkShape(_ root: Node) -> [ConfigIssue] {
        guard let top = root.mapping else {
            return [
                ConfigIssue(
                    key: "(top)", line: root.mark?.line, message: "expected a mapping with version, name and sources")
            ]
        }
        var issues = unknownKeys(top, allowed: topKeys, prefix: "")
        for required in ["version", "name", "sources"] where top[required] == nil {
            issues.append(ConfigIssue(key: required, line: root.mark?.line, message: "required key is missing"))
        }
        if let sdmx = top["sdmx"] {
            if let mapping = sdmx.mapping {
                issues += unknownKeys(mapping, allowed: SDMXConfig.keys, prefix: "sdmx.")
            } else {
                issues.append(
                    ConfigIssue(
                        key: "sdmx", line: sdmx.mark?.line,
                        message: "expected a mapping such as { agency: EMP, dataflow: DF_MIGRATION }"))
            }
        }
        if let disclosure = top["disclosure"] {
            if let mapping = disclosure.mapping {
                issues += unknownKeys(mapping, allowed: DisclosureConfig.keys, prefix: "disclosure.")
            } else if !DisclosureConfig.words.contains(disclosure.scalar?.string.lowercased() ?? "") {
                issues.append(
                    ConfigIssue(
                        key: "disclosure", line: disclosure.mark?.line,
                        message: "expected off, on or a mapping such as { min_records: 5 }"))
            }
        }
        if let report = top["report"] {
            if let mapping = report.mapping {
                issues += unknownKeys(mapping, allowed: ReportConfig.keys, prefix: "report.")
            } else {
                issues.append(
                    ConfigIssue(
                        key: "report", line: report.mark?.line, message: "expected a mapping such as { language: fr }"))
            }
        }
        guard let sources = top["sources"] else { return issues }
        guard let list = sources.sequence else {
            issues.append(ConfigIssue(key: "sources", line: sources.mark?.line, message: "expected a list of sources"))
            return issues
        }
        if list.isEmpty {
            issues.append(ConfigIssue(key: "sources", line: sources.mark?.line, message: "the pipeline has no sources"))
        }
        for (i, item) in list.enumerated() {
            let prefix = "sources[\(i)]"
            guard let source = item.mapping else {
                issues.append(
                    ConfigIssue(
                        key: prefix, line: item.mark?.line, message: "expected a mapping (name, domain, path, columns…)"
                    ))
                continue
            }
            issues += unknownKeys(source, allowed: sourceKeys, prefix: prefix + ".")
            for required in ["name", "domain", "path"] where source[required] == nil {
                issues.append(
                    ConfigIssue(key: "\(prefix).\(required)", line: item.mark?.line, message: "required key is missing")
                )
            }
            issues += valueIssues(source, prefix: prefix)
            if let dialect = source["dialect"]?.mapping {
                issues += unknownKeys(dialect, allowed: dialectKeys, prefix: prefix + ".dialect.")
            }
            if let layout = source["layout"]?.mapping {
                issues += unknownKeys(layout, allowed: LayoutConfig.keys, prefix: prefix + ".layout.")
                if layout["kind"] == nil {
                    issues.append(
                        ConfigIssue(
                            key: "\(prefix).layout.kind", line: source["layout"]?.mark?.line,
                            message: "required key is missing; expected one of: " + layoutKinds))
                }
            }
            for key in ["columns", "constants", "dialect", "layout", "filter", "exclude"] {
                if let node = source[key], node.mapping == nil {
                    issues.append(
                        ConfigIssue(
                            key: "\(prefix).\(key)", line: node.mark?.line, message: "expected a mapping of key: value")
                    )
                }
            }
        }
        return issues
    }

    static let layoutKinds = LayoutKind.allCases.map(\.rawValue).joined(separator: ", ")

    /// The keys whose value is one of a few words, each with those words: checked on the node
    /// tree with the other shape problems, so a wrong value is reported in the same pass as an
    /// unknown key (the decoder would stop at the first), with the nearest word suggested.
    static let choices: [(path: [String], what: String, values: [String])] = [
        (["domain"], "domain", Domain.allCases.map(\.rawValue)),
        (["layout", "kind"], "layout", LayoutKind.allCases.map(\.rawValue)),
        (["encoding"], "encoding", SourceEncoding.allCases.map(\.rawValue)),
        (["on_error"], "error policy", ["fail", "quarantine"]),
        (["on_failure"], "failure policy", ["fail", "keep_previous"]),
    ]

    static func valueIssues(_ source: Node.Mapping, prefix: String) -> [ConfigIssue] {
        choices.compactMap { choice in
            var node: Node? = source[choice.path[0]]
            for key in choice.path.dropFirst() { node = node?.mapping?[key] }
            guard let node, let word = node.string, !choice.values.contains(word) else { return nil }
            let hint = Suggestion.nearest(word, in: choice.values).map { " (did you mean '\($0)'?)" } ?? ""
            return ConfigIssue(
                key: ([prefix] + choice.path).joined(separator: "."), line: node.mark?.line,
                message: "unknown \(choice.what) '\(word)'\(hint); expected one of: "
                    + choice.values.joined(separator: ", "))
        }
    }

    static func unknownKeys(_ mapping: Node.Mapping, allowed: Set<String>, prefix: String) -> [ConfigIssue] {
        mapping.compactMap { key, _ in
            guard let name = key.string, !allowed.contains(name) else { return nil }
            let known = allowed.sorted().joined(separator: ", ")
            let hint = Suggestion.nearest(name, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            return ConfigIssue(
                key: prefix + name, line: key.mark?.line, message: "unknown key\(hint); expected one of: \(known)")
        }
    }

    static func decodingIssue(_ error: DecodingError, root: Node) -> ConfigIssue {
        let (path, message): ([CodingKey], String)
        switch error {
        case .typeMismatch(let type, let ctx): (path, message) = (ctx.codingPath, "expected \(typeName(type))")
        case .valueNotFound(let type, let ctx):
            (path, message) = (ctx.codingPath, "expected \(typeName(type)), found nothing")
        case .keyNotFound(let key, let ctx): (path, message) = (ctx.codingPath + [key], "required key is missing")
        case .dataCorrupted(let ctx):
            (path, message) = (ctx.codingPath, dataCorruptedMessage(ctx, root: root))
        @unknown default: (path, message) = ([], "\(error)")
        }
        return ConfigIssue(key: keyPath(path), line: NodeLocator(root: root).line(path), message: message)
    }

    static func dataCorruptedMessage(_ ctx: DecodingError.Context, root: Node) -> String {
        if let last = ctx.codingPath.last?.stringValue {
            switch last {
            case "domain":
                return "unknown domain; expected one of: " + Domain.allCases.map(\.rawValue).joined(separator: ", ")
            case "on_error": return "expected fail or quarantine"
            case "on_failure":
                return
                    "expected fail (publish nothing when this source fails) or keep_previous (publish with its last "
                    + "good batch)"
            case "kind": return "unknown layout; expected one of: " + layoutKinds
            case "empty": return "expected zero (an empty cell is none) or missing (an empty cell has no figure)"
            case "encoding":
                return "unknown encoding; expected one of: "
                    + SourceEncoding.allCases.map(\.rawValue).joined(separator: ", ")
            default: break
            }
        }
        return ctx.debugDescription
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "text"
        default:
            return "\(type)".contains("Dictionary") ? "a mapping" : "\(type)".contains("Array") ? "a list" : "\(type)"
        }
    }

    static func keyPath(_ path: [CodingKey]) -> String {
        var s = ""
        for key in path {
            if let i = key.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + key.stringValue }
        }
        return s.isEmpty ? "(top)" : s
    }
}

/// Finds the line of a key path in the YAML node tree.
struct NodeLocator {
    let root: Node

    func node(_ path: [CodingKey]) -> Node? {
        var node: Node? = root
        for key in path {
            guard let current = node else { return nil }
            if let i = key.intValue, let seq = current.sequence {
                node = i < seq.count ? seq[i] : nil
            } else {
                node = current.mapping?[key.stringValue]
            }
        }
        return node
    }

    func line(_ path: [CodingKey]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let n = node(path), let line = n.mark?.line { return line }
            path.removeLast()
        }
        return root.mark?.line
    }

    /// The line of the key itself (not of its value) in a mapping.
    func keyLine(_ path: [CodingKey]) -> Int? {
        guard let last = path.last, !path.isEmpty else { return root.mark?.line }
        if let parent = node(Array(path.dropLast()))?.mapping {
            for (k, _) in parent where k.string == last.stringValue { return k.mark?.line }
        }
        return line(path)
    }
}

struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s }
    init(_ i: Int) { stringValue = "\(i)"; intValue = i }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
}
