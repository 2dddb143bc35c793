import FuzzSupport
import ScopedAuth
@_spi(Fuzzing) import ScopedAuthSpacelift

/// The answers in the order the input's first byte selects them (see `DecoderInput`).
private let answers = SpaceliftResponseDecoding.Answer.allCases

/// libFuzzer entry point: any status, headers and body, read as any Spacelift answer, yields a value or a
/// typed error (`AuthError`,
/// `SpaceliftGraphQLError`), never a trap; no emulator, no task, no client.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeSpacelift(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = DecoderInput(start, count, cases: answers.count)
    checkDecoding(input, isTyped: { $0 is SpaceliftGraphQLError }) {
        try SpaceliftResponseDecoding.decode(answers[input.answer], $0)
    }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzDecodeSpacelift`.
@_cdecl("FuzzDecodeSpacelift_main")
public func fuzzDecodeSpaceliftMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    runLibFuzzer(argc, argv, fuzzDecodeSpacelift)
}
