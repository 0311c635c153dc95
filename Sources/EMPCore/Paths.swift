/// Path text without touching the file system. Foundation's `standardizingPath` also
/// resolves symbolic links on Linux, which would make emp write through a link (or keep its
/// store beside the link's target); these functions never do.
public enum Paths {
    /// `a/./b//c/../d` → `a/b/d`; a leading `..` of a relative path is kept.
    public static func lexical(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
