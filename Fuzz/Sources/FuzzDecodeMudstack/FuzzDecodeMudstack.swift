import FuzzSupport
import ScopedAuth
@_spi(Fuzzing) import ScopedAuthMudstack

/// The answers in the order the input's first byte selects them (see `DecoderInput`).
private let answers = MudstackResponseDecoding.Answer.allCases

/// libFuzzer entry point: any status, headers and body, read as any Mudstack answer, yields a value or an `AuthError`,
/// never a trap; no emulator, no task, no client.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeMudstack(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = DecoderInput(start, count, cases: answers.count)
    checkDecoding(input) { try MudstackResponseDecoding.decode(answers[input.answer], $0) }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzDecodeMudstack`.
@_cdecl("FuzzDecodeMudstack_main")
public func fuzzDecodeMudstackMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzDecodeMudstack)
}
