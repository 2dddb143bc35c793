import FuzzSupport
import ScopedAuth
@_spi(Fuzzing) import ScopedAuthMetaKraftwerk

/// The answers in the order the input's first byte selects them (see `DecoderInput`).
private let answers = MetaKraftwerkResponseDecoding.Answer.allCases

/// libFuzzer entry point: any status, headers and body, read as any MetaKraftwerk answer, yields a value or a
/// typed error (`AuthError`,
/// `ProjectPermissionError`), never a trap; no emulator, no task, no client.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeMetaKraftwerk(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = DecoderInput(start, count, cases: answers.count)
    checkDecoding(input, isTyped: { $0 is ProjectPermissionError }) {
        try MetaKraftwerkResponseDecoding.decode(answers[input.answer], $0)
    }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzDecodeMetaKraftwerk`.
@_cdecl("FuzzDecodeMetaKraftwerk_main")
public func fuzzDecodeMetaKraftwerkMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    runLibFuzzer(argc, argv, fuzzDecodeMetaKraftwerk)
}
