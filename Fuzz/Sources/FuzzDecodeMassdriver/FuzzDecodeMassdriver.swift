import FuzzSupport
import ScopedAuth
@_spi(Fuzzing) import ScopedAuthMassdriver

/// The answers in the order the input's first byte selects them (see `DecoderInput`).
private let answers = MassdriverResponseDecoding.Answer.allCases

/// libFuzzer entry point: any status, headers and body, read as any Massdriver answer, yields a value or a
/// typed error (`AuthError`, `MassdriverGraphQLError`, `MassdriverValidationError`), never a trap; no emulator,
/// no task, no client.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeMassdriver(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = DecoderInput(start, count, cases: answers.count)
    checkDecoding(input, isTyped: { $0 is MassdriverGraphQLError || $0 is MassdriverValidationError }) {
        try MassdriverResponseDecoding.decode(answers[input.answer], $0)
    }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzDecodeMassdriver`.
@_cdecl("FuzzDecodeMassdriver_main")
public func fuzzDecodeMassdriverMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    runLibFuzzer(argc, argv, fuzzDecodeMassdriver)
}
