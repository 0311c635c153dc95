import Foundation

/// Whether a process id names a live emp: a run recorded as running (the ledger) or the
/// owner of a staging folder (`.<output>.tmp-<pid>`). A pid reused by another program after
/// a kill is not taken for emp.
public enum LiveProcess {
    public static func isEmp(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM,
            let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
            let first = cmdline.split(separator: 0).first
        else { return false }
        return (String(decoding: first, as: UTF8.self) as NSString).lastPathComponent == "emp"
    }
}
