import Foundation
import FuzzSupport
import ScopedAuth

/// libFuzzer entry point: any text given to `JWTClaims(token:)` yields claims or an `AuthError`, never a trap.
///
/// Inputs that are valid UTF-8 are also tried as the payload segment of a well-formed token, so the fuzzer
/// reaches the JSON claim reader without having to discover base64url first.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJWT(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    InputBudget.measure {
        let text = String(decoding: data, as: UTF8.self)
        read(text)
        read("eyJhbGciOiJIUzI1NiJ9.\(data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")).c2ln")
    }
    return 0
}

/// Reads `token`; `JWTClaims.init` throws only `AuthError` (typed throws), so a non-trapping return is the invariant.
private func read(_ token: String) {
    do {
        let claims = try JWTClaims(token: token)
        _ = (claims.expiresAt, claims.issuedAt, claims.notBefore, claims.subject, claims.tokenID)
    } catch {
        // A typed AuthError by construction; its description must be producible without trapping.
        _ = String(describing: error)
    }
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzJWT`.
@_cdecl("FuzzJWT_main")
public func fuzzJWTMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzJWT)
}
