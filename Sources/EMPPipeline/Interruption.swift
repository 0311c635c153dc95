import EMPCore
import Foundation

/// SIGTERM and SIGINT ask a run to stop: the handler only notes the signal, and the run
/// stops at its next safe point (between sources, between countries, before the outputs are
/// swapped in), discarding its staging folder. Once the outputs are swapped in, the run
/// finishes recording them in the store rather than stop in between.
public enum Interruption {
    nonisolated(unsafe) static var received: Int32 = 0

    public static func install() {
        signal(SIGTERM) { Interruption.received = $0 }
        signal(SIGINT) { Interruption.received = $0 }
        // A parent may have started emp with these signals blocked (the mask is inherited).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    /// Throws `Stopped` when a signal came.
    static func check() throws {
        let s = received
        if s != 0 { throw Stopped(signal: s) }
    }

    struct Stopped: Error {
        var signal: Int32
        var status: ExitStatus { signal == SIGINT ? .interrupted : .terminated }
        var name: String { signal == SIGINT ? "SIGINT" : "SIGTERM" }
    }
}

/// Named points a test can stop a run at: with `EMP_FAILPOINT=<name>` in its environment, emp
/// says `emp: at failpoint <name>` on stderr and waits there, to be killed (SIGKILL) or asked
/// to stop (SIGTERM). Without the variable it costs one dictionary look-up per point.
/// `reading:<source>` is a source's read after its first chunk (header known, the second
/// thread of a split file started).
enum FailPoint {
    static let armed = ProcessInfo.processInfo.environment["EMP_FAILPOINT"]

    /// A stand-in for a bug: what `EMP_FAILPOINT=<name>:throw` throws at `<name>`.
    struct Injected: Error, CustomStringConvertible {
        var name: String
        var description: String { "failpoint \(name) threw" }
    }

    /// Throws `Injected` when armed as `<name>:throw` (how a test sees what a bug does: exit 70).
    static func inject(_ name: String) throws {
        if armed == "\(name):throw" { throw Injected(name: name) }
    }

    static func reach(_ name: String) {
        guard let armed, armed == name || armed == "\(name):pause" else { return }
        FileHandle.standardError.write(Data("emp: at failpoint \(name)\n".utf8))
        // `<name>:pause` waits until the file `EMP_FAILPOINT_RESUME` names exists, then goes on
        // (a test changes what the run sees in between, e.g. a file being read).
        let resume = armed == name ? nil : ProcessInfo.processInfo.environment["EMP_FAILPOINT_RESUME"]
        while Interruption.received == 0 {
            if let resume, FileManager.default.fileExists(atPath: resume) { return }
            usleep(10_000)
        }
    }
}
