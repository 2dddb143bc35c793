/// How an emulated MetaKraftwerk build ends once its duration has passed.
///
/// ```swift
/// emulator.setOutcome(.failed(message: "Pattern 808 has errors"), ofBuild: buildID)
/// ```
public struct MetaKraftwerkBuildOutcome: Hashable, Sendable {
    enum Kind: Hashable {
        case finished
        case failed(message: String)
    }

    let kind: Kind

    /// The build ends `FINISHED` with progress 100 and one download per pattern.
    public static let finished = MetaKraftwerkBuildOutcome(kind: .finished)

    /// The build ends `FAILED` with `message`, and produces no download.
    ///
    /// - Parameter message: The build's `message` field.
    public static func failed(message: String) -> MetaKraftwerkBuildOutcome {
        MetaKraftwerkBuildOutcome(kind: .failed(message: message))
    }
}
