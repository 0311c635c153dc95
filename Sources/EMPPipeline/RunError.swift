import EMPCore

/// A run that could not start or finish: bad pipeline file, bad option, I/O.
public struct RunError: Error, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
