import EMPCore
import Foundation
import Testing

/// Files under datasets/real-world/ (copied real downloads; tests never read outside the repo).
let realWorld = "\(repositoryRoot)/datasets/real-world"

func realFile(_ path: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: "\(realWorld)/\(path)") ?? Data())
}

/// The first `lines` lines of a real file (its header and the rows below), as bytes.
func realHead(_ path: String, lines: Int) -> [UInt8] {
    var out: [UInt8] = [], count = 0
    for b in realFile(path) {
        out.append(b)
        if b == 0x0A { count += 1; if count == lines { break } }
    }
    return out
}

/// The real lines of a file whose text contains every one of `keys`, after its first `header` lines.
func realLines(_ path: String, header: Int, containing keys: [String]) -> [UInt8] {
    let text = String(decoding: realFile(path), as: UTF8.self)
    // "\r\n" is one Character: split on both line ends (some of the files are CRLF).
    let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    let picked = lines.prefix(header) + lines.dropFirst(header).filter { line in keys.contains { line.contains($0) } }
    return Array((picked.joined(separator: "\n") + "\n").utf8)
}

extension IngestRun {
    /// The accepted observation for a country, year and optional partner.
    func value(_ area: String, _ year: Int, partner: String = "_T", sex: String = "_T") -> Observation? {
        accepted.first { $0.refArea == area && $0.year == year && $0.dims.partner == partner && $0.dims.sex == sex }
    }
}
