import Foundation
import Testing

/// What a store keeps of a batch comes back as it went in, whichever store keeps it.
@Suite struct StoreFidelityTests {
    /// A rejected cell holding a NUL byte (binary garbage in a delivery) is kept whole in the
    /// store: the quarantine file of a batch the next run keeps — rendered from the store — and
    /// of a history copied to another store are the first run's, byte for byte.
    @Test func aRejectedCellWithANULByteIsKeptWhole() throws {
        let dir = try fixtureCopy("mini")
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let inflows = "\(dir)/inflows.csv", outflows = "\(dir)/outflows.csv"
        try (read(inflows) + "MDA,2019,ITA,12\u{0}3,\n").write(toFile: inflows, atomically: true, encoding: .utf8)
        #expect(try emp(["run", "mini.yml", "--output", "out", "--quiet"], cwd: dir).status == 0)
        let quarantine = "\(dir)/out/quality/quarantine/inflows.csv"
        let first = try Data(contentsOf: URL(fileURLWithPath: quarantine))
        #expect(String(decoding: first, as: UTF8.self).contains("'12\u{0}3' is not a number"))
        try (read(outflows) + "MDA;2020;ITA;Femei;1000\n").write(toFile: outflows, atomically: true, encoding: .utf8)
        let second = try emp(["run", "mini.yml", "--output", "out", "--json"], cwd: dir)
        #expect(jsonObject(second.stdout)["sources_read"] as? [String] == ["outflows"], "\(second.stdout)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: quarantine)) == first, "rendered from the store")
        let copy = "\(dir)/copy.emp.sqlite"
        let copied = try emp(["store", "copy", try StoreRouting.location(beside: "\(dir)/out"), copy])
        #expect(copied.status == 0, "\(copied.stderr)")
        try (read(outflows) + "MDA;2021;ITA;Femei;900\n").write(toFile: outflows, atomically: true, encoding: .utf8)
        let third = try emp(["run", "mini.yml", "--output", "out", "--store", copy, "--quiet"], cwd: dir)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: quarantine)) == first, "and from its copy")
    }
}
