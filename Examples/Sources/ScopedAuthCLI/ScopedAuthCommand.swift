public import ArgumentParser

/// `scopedauth`: bearer tokens for the five services and MASV uploads from the command line.
///
/// ```sh
/// scopedauth token spacelift            # reads SPACELIFT_API_KEY_ENDPOINT, _ID and _SECRET
/// scopedauth upload --team 01H… a.mov b.mov
/// ```
public struct ScopedAuthCommand: AsyncParsableCommand {
    /// The command's name, abstract and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "scopedauth",
        abstract: "Bearer tokens for MASV, Spacelift, Massdriver, Mudstack and MetaKraftwerk, and MASV uploads.",
        subcommands: [TokenCommand.self, UploadCommand.self]
    )

    /// Creates the command (ArgumentParser parses the arguments into it).
    public init() {}
}
