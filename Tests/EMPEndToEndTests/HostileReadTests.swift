import Foundation
import Testing

/// Points 13–15 of issue 13: what a source may be and how much of it is kept.
extension HostileInputTests {
    // MARK: 13. Unbounded reads

    @Test func aLongFieldIsQuarantinedAtTheSourcesLimitAndTheRowsAfterItStand() throws {
        let long = "\"" + String(repeating: "x\ny", count: 400) + "\""
        let csv = "country,year,direction,weight\nMDA,2020,IN,1\nMDA,2020,\(long),2\nMDA,2020,IN,4\nMDA,20x0,IN,1\n"
        let w = try workspace(csv, extra: "max_field_bytes: 1000")
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let r = try emp(["run", w.pipeline, "--output", "\(w.dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let source = try report("\(w.dir)/out/quality/report.json")
        #expect(source["rows_read"] as? Int == 4 && source["accepted"] as? Int == 2)
        #expect(source["quarantined"] as? Int == 2)
        let cut = try #require(diagnostics(source).first { $0["rule"] as? String == "oversized-field" })
        #expect(cut["line"] as? Int == 3 && cut["column"] as? String == "direction")
        let message = cut["message"] as? String ?? ""
        #expect(message.contains("longer than 1000 bytes (max_field_bytes)"), "\(message)")
        #expect((cut["hint"] as? String)?.contains("raise max_field_bytes") == true)
        #expect((cut["value"] as? String).map { $0.count <= 201 && $0.hasSuffix("…") } == true)
        let year = diagnostics(source).first { $0["rule"] as? String == "bad-year" }
        #expect(year?["line"] as? Int == 405, "400 quoted line breaks counted: the rows after keep their lines")
        #expect(value(csvRows("\(w.dir)/out/indicators.csv"), "MDA", "imm_inflow", "2020")?.0 == "5")
    }

    @Test func aRecordPastThePipelinesLimitIsQuarantined() throws {
        let wide = String(repeating: "MDA,", count: 600)
        let w = try workspace(
            "country,year,direction,weight\nMDA,2020,IN,1\n\(wide)\nMDA,2020,IN,2\n", top: "max_record_bytes: 1000")
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let r = try emp(["validate", w.pipeline, "--output", "\(w.dir)/v"])
        #expect(r.status == 0, "\(r.stderr)")
        let source = try report("\(w.dir)/v/quality/report.json")
        let cut = try #require(diagnostics(source).first)
        #expect(cut["rule"] as? String == "oversized-field" && cut["line"] as? Int == 3)
        #expect((cut["message"] as? String)?.contains("(max_record_bytes)") == true)
        let quarantine = read("\(w.dir)/v/quality/quarantine/micro.csv")
        #expect(quarantine.count < 10_000, "a cut record is not echoed whole")
    }

    @Test func aLimitBelowOneIsAPipelineError() throws {
        let w = try workspace("country,year,direction,weight\n", extra: "max_field_bytes: 0")
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let r = try emp(["validate", w.pipeline, "--output", "\(w.dir)/v"])
        #expect(r.status == 78)
        #expect(r.stderr.contains("sources[0].max_field_bytes"), "\(r.stderr)")
    }

    /// A FIFO with no writer, a device that never ends, a kernel file: refused at once (exit
    /// 74, I/O: the file cannot be read), never waited on, nothing of them kept.
    @Test(arguments: ["fifo", "/dev/zero", "/proc/self/environ"])
    func aSourceThatIsNotARegularFileIsRefusedAtOnce(kind: String) throws {
        let w = try workspace("country,year,direction,weight\nMDA,2020,IN,1\n")
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        var path = kind
        if kind == "fifo" {
            path = "\(w.dir)/delivery.csv"
            #expect(mkfifo(path, 0o600) == 0)
        }
        let expected = [
            "fifo": "is a FIFO", "/dev/zero": "is a character device", "/proc/self/environ": "is a file of /proc",
        ]
        for verb in ["run", "validate"] {
            let r = try Background([verb, w.pipeline, "--output", "\(w.dir)/\(verb)", "--source", "micro=\(path)"])
            #expect(r.finish(within: 60) == 74, "\(verb) \(kind): \(read(r.stderrPath))")
            let stderr = read(r.stderrPath)
            #expect(stderr.contains("unreadable-file") && stderr.contains(expected[kind]!), "\(stderr)")
            #expect(stderr.contains("not a regular file") || stderr.contains("regular files"))
        }
        let inspect = try Background(["inspect", path])
        #expect(inspect.finish(within: 60).map { $0 != 0 } == true, "emp inspect \(kind)")
        #expect(read(inspect.stderrPath).contains(expected[kind]!), "\(read(inspect.stderrPath))")
    }

    @Test func sigtermStopsARunWhileASourceIsRead() throws {
        let w = try workspace(rows(1000, weight: "1"))
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let r = try Background(["run", w.pipeline, "--output", "\(w.dir)/out"], failpoint: "reading:micro")
        try r.waitFor("at failpoint reading:micro")
        r.process.terminate()
        #expect(r.finish(within: 60) == 143)
        #expect(read(r.stderrPath).contains("stopped by SIGTERM before publishing"))
        #expect(!FileManager.default.fileExists(atPath: "\(w.dir)/out"))
        #expect(try emp(["status", w.pipeline, "--output", "\(w.dir)/out"]).stdout.contains("stopped exit 143"))
        let interrupted = try Background(
            ["validate", w.pipeline, "--output", "\(w.dir)/v"], failpoint: "reading:micro")
        try interrupted.waitFor("at failpoint reading:micro")
        interrupted.process.interrupt()
        #expect(interrupted.finish(within: 60) == 130)
    }

    // MARK: 14. Bytes hashed = bytes read

    /// A 4 MB file (read on two threads) rewritten in place during the read: the run keeps
    /// nothing of it and says so; the next run reads the new file, never "nothing changed".
    @Test func aFileRewrittenWhileItIsReadIsRefusedAndReadAgainNextTime() throws {
        let w = try workspace(rows(250_000, weight: "1.00"))
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let out = "\(w.dir)/out", resume = "\(w.dir)/resume"
        let r = try Background(
            ["run", w.pipeline, "--output", out, "--threads", "2"], failpoint: "reading:micro:pause",
            env: ["EMP_FAILPOINT_RESUME": resume])
        try r.waitFor("at failpoint reading:micro")
        let handle = try #require(FileHandle(forWritingAtPath: "\(w.dir)/micro.csv"))
        try handle.write(contentsOf: Data(rows(250_000, weight: "2.00").utf8))  // same size, same inode
        try handle.close()
        _ = FileManager.default.createFile(atPath: resume, contents: nil)
        #expect(r.finish(within: 120) == 74)
        let stderr = read(r.stderrPath)
        #expect(stderr.contains("the file changed while it was read") && stderr.contains("run again"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let again = try emp(["run", w.pipeline, "--output", out, "--threads", "2"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stdout.contains("nothing changed"))
        #expect(value(csvRows("\(out)/indicators.csv"), "MDA", "imm_inflow", "2020")?.0 == "500000")
    }

    // MARK: 15. What a source may read

    /// A delivery that is a symbolic link to a system file is not read (its target is outside
    /// the folders the pipeline reads); a link into a folder of `allowed_roots` is.
    @Test func aSymbolicLinkOutOfTheAllowedFoldersIsNotRead() throws {
        let w = try workspace("country,year,direction,weight\nMDA,2020,IN,1\n")
        let incoming = try scratchDir("emp-incoming"), archive = try scratchDir("emp-archive")
        defer { for d in [w.dir, incoming, archive] { try? FileManager.default.removeItem(atPath: d) } }
        try FileManager.default.createSymbolicLink(atPath: "\(incoming)/passwd.csv", withDestinationPath: "/etc/passwd")
        let out = "\(w.dir)/out"
        let r = try emp(["run", w.pipeline, "--output", out, "--source", "micro=\(incoming)/passwd.csv"])
        #expect(r.status == 74)
        #expect(r.stderr.contains("leads (through a symbolic link) to /etc/passwd, outside the folders"), "\(r.stderr)")
        #expect(r.stderr.contains("allowed_roots"))
        for f in FileManager.default.enumerator(atPath: w.dir)?.allObjects as? [String] ?? [] {
            let bytes = FileManager.default.contents(atPath: "\(w.dir)/\(f)") ?? Data()
            #expect(bytes.range(of: Data("root:x:".utf8)) == nil, "\(f) holds /etc/passwd")
        }
        try "country,year,direction,weight\nMDA,2020,IN,3\n".write(
            toFile: "\(archive)/2020.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: "\(incoming)/latest.csv", withDestinationPath: "\(archive)/2020.csv")
        let refused = try emp(["run", w.pipeline, "--output", out, "--source", "micro=\(incoming)/latest.csv"])
        #expect(refused.status == 74, "the archive is not a folder the pipeline names")
        let allowed = try String(contentsOfFile: w.pipeline, encoding: .utf8) + "allowed_roots: [., \(archive)]\n"
        try allowed.write(toFile: w.pipeline, atomically: true, encoding: .utf8)
        let ok = try emp(["run", w.pipeline, "--output", out, "--source", "micro=\(incoming)/latest.csv"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(value(csvRows("\(out)/indicators.csv"), "MDA", "imm_inflow", "2020")?.0 == "3")
    }

    /// Reports and quarantine files repeat at most 200 characters of a field.
    @Test func aLongValueIsEchoedAsAPrefix() throws {
        let code = String(repeating: "Z", count: 5000)
        let w = try workspace("country,year,direction,weight\nMDA,2020,IN,1\n\(code),2020,IN,1\n")
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let r = try emp(["run", w.pipeline, "--output", "\(w.dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let bounded = String(repeating: "Z", count: 200) + "…"
        let d = try #require(diagnostics(try report("\(w.dir)/out/quality/report.json")).first)
        #expect(d["value"] as? String == bounded)
        #expect((d["message"] as? String)?.contains(bounded) == true)
        #expect((d["message"] as? String).map { !$0.contains(String(repeating: "Z", count: 201)) } == true)
        for file in ["quality/quarantine/micro.csv", "quality/summary.txt", "quality/report.json"] {
            let text = read("\(w.dir)/out/\(file)")
            #expect(text.contains(bounded) && !text.contains(String(repeating: "Z", count: 201)), "\(file)")
        }
    }
}
