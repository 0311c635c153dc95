import EMPCore
import EMPPipeline
import EMPStore
import EMPStoreSQLite
import EMPValidate
import Foundation
import Testing

/// Errors are typed and mapped to exit codes in one place (`RunError.from`): a bug exits 70
/// (EX_SOFTWARE), not 74 (I/O), and the run is recorded as failed with that code.
@Suite struct ExitCodeTests {
    @Test func anInternalErrorExits70AndPublishesNothing() throws {
        let dir = try scratchDir("emp-exit70")
        defer { removeOutput(dir) }
        let out = "\(dir)/out"
        let first = try emp(["run", "pipelines/default.yml", "--output", out], cwd: repositoryRoot)
        #expect(first.status == 0, "\(first.stderr)")
        let before = snapshot(out, excluding: [])
        let r = try emp(
            ["run", "pipelines/default.yml", "--output", out, "--full", "--json"], cwd: repositoryRoot,
            env: ["EMP_FAILPOINT": "writing:throw"])
        #expect(r.status == 70)
        #expect(r.stderr.contains("internal error (please report it): failpoint writing threw"), "\(r.stderr)")
        #expect(jsonObject(r.stdout)["exit_code"] as? Int == 70)
        #expect(snapshot(out, excluding: []) == before, "the release stays byte for byte")
        let runs = try StoreRouting.store(beside: out).runs(limit: 1)
        #expect(runs.first?.outcome == .failed && runs.first?.exitCode == 70)
    }

    @Test func everyErrorKindHasItsExitCode() {
        #expect(RunError.from(StoreError(.notEmp, "x")).status.rawValue == 73)
        #expect(RunError.from(StoreError(.damaged, "x")).status.rawValue == 74)
        #expect(RunError.from(LockHeld(path: "p", holder: "h")).status.rawValue == 75)
        #expect(RunError.from(CocoaError(.fileWriteOutOfSpace)).status.rawValue == 74)
        #expect(RunError.from(NSError(domain: "x", code: 1)).status.rawValue == 70)
    }
}
