import Foundation

// SwiftPM gives an executable its own entry point, so libFuzzer's main is not the one that runs: this one
// hands the arguments to libFuzzer's driver with the function to fuzz (`fuzz`, beside this file).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv) { data, size in
    var empty: UInt8 = 0
    return withUnsafePointer(to: &empty) { fuzz(data ?? $0, size) }
})
