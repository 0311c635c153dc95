import Foundation

// `emp-fuzz`, two builds of one file. The fuzz build (`make fuzz`: -sanitize=fuzzer -DEMP_FUZZ)
// hands the command line to libFuzzer, which mutates inputs through `FuzzCases.run`. The plain
// build (part of `swift build`) replays inputs: `emp-fuzz FILE…` runs each file as the fuzzer
// would (a crash `make fuzz` found, a regression input) and exits 0 when none traps.

#if EMP_FUZZ
/// libFuzzer's own driver (its flags: -runs, -max_len, -timeout…), called from main().
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzCases.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#endif

@main
struct FuzzMain {
    static func main() {
        // The pipelines of the data cases, one file per case byte (case-0.yml…), for the seeds
        // of the loader case (tools/fuzz-corpus.py); then exits.
        if let dir = ProcessInfo.processInfo.environment["EMP_FUZZ_WRITE_PIPELINES"] {
            for (i, source) in FuzzCases.sources.enumerated() {
                let path = "\(dir)/case-\(i).yml"
                guard FileManager.default.createFile(atPath: path, contents: Data(FuzzCases.pipeline(source).utf8))
                else { fatalError("emp-fuzz: cannot write \(path)") }
            }
            print("\(FuzzCases.sources.count) data cases; loader case byte \(FuzzCases.loaderCase)")
            exit(0)
        }
        #if EMP_FUZZ
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) })
        #else
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            FileHandle.standardError.write(Data("usage: emp-fuzz INPUT…\n".utf8))
            exit(64)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("emp-fuzz: cannot read \(path)\n".utf8))
                exit(66)
            }
            FuzzCases.run([UInt8](data))
            print("ok \(path)")
        }
        #endif
    }
}
