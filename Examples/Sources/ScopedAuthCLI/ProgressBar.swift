import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar redrawn on standard error, only when standard error is a terminal; pipes and CI logs
/// get nothing, so standard output stays machine-readable.
struct ProgressBar {
    let isEnabled: Bool
    private let width = 30

    init(forceEnabled: Bool? = nil) {
        isEnabled = forceEnabled ?? (isatty(STDERR_FILENO) == 1)
    }

    func draw(sent: Int64, total: Int64, label: String) {
        guard isEnabled else { return }
        let fraction = total > 0 ? min(1, Double(sent) / Double(total)) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        // `\r` goes back to the start of the line and ESC[K clears what a longer previous label left after it.
        let line = String(format: "\r[%@] %3d%%  %@ / %@  %@\u{1B}[K", bar, Int(fraction * 100),
                          Self.megabytes(sent), Self.megabytes(total), label)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard isEnabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
