/// The verbs that read sources: `run` publishes, `import` only adds batches to the store,
/// `validate` only checks.
public enum RunMode: String, Sendable { case run, validate, `import` }

/// How a run ended, as the ledger, `run.json` and `--json` name it.
public enum RunOutcome: String, Sendable, Codable {
    /// Recorded when a run starts; a row left so belonged to a process that was killed.
    case running
    case published
    /// Nothing changed since the last release: its outputs are kept.
    case unchanged
    case imported
    case validated
    /// Nothing published: a source failed, the guards refused, or an error stopped it.
    case failed
    /// Stopped by a signal at a safe point.
    case stopped
    /// Found `running` by a later run: its process was killed.
    case interrupted
}

/// Exit codes, documented in README.md. They follow sysexits(3) where one fits.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// The run completed but data were rejected beyond a source's policy.
    case dataRejected = 1
    case usage = 64
    /// The output folder or the store path holds something emp does not own (a foreign
    /// folder, a file, a symbolic link, another store's release): nothing was touched.
    case notOwned = 73
    /// An internal error (a bug in emp): EX_SOFTWARE.
    case internalError = 70
    case ioError = 74
    /// Another run holds the store lock (EX_TEMPFAIL: try again later, or use --wait).
    case lockHeld = 75
    case configError = 78
    /// Stopped by SIGINT / SIGTERM at a safe point, nothing published (128 + signal, as shells report).
    case interrupted = 130
    case terminated = 143
}
