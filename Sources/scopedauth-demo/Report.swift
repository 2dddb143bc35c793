import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the demo's terminal report: sections, result lines, a progress bar when stdout is a terminal.
struct Report: Sendable {
    let isTerminal = isatty(STDOUT_FILENO) != 0

    private func bold(_ text: String) -> String { isTerminal ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func green(_ text: String) -> String { isTerminal ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
    private func red(_ text: String) -> String { isTerminal ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { isTerminal ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

    func title(_ text: String) {
        let rule = String(repeating: "═", count: 78)
        write("\(rule)\n  \(bold(text))\n\(rule)")
    }

    func section(_ text: String) {
        write("\n\(bold("▸ " + text))")
    }

    func ok(_ label: String, _ detail: String) {
        write("  \(green("✓")) " + ReportLayout.columns(label, detail, indent: 4))
    }

    func fail(_ label: String, _ detail: String) {
        write("  \(red("✗")) " + ReportLayout.columns(label, detail, indent: 4))
    }

    func note(_ text: String) {
        write("    \(dim(text))")
    }

    func figure(_ label: String, _ value: String) {
        write("    " + ReportLayout.columns(label, bold(value), indent: 4))
    }

    /// A progress bar redrawn in place on a terminal; elsewhere one line per quarter.
    func progress(_ fraction: Double, label: String, lastQuarter: inout Int) {
        let width = 36
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = String(format: "%3d%%", Int((fraction * 100).rounded(.down)))
        if isTerminal {
            emit("\r    \(bar) \(percent)  \(label)\u{1B}[K")
        } else {
            let quarter = Int(fraction * 4)
            if quarter > lastQuarter {
                lastQuarter = quarter
                write("    \(bar) \(percent)  \(label)")
            }
        }
    }

    func endProgress() {
        if isTerminal { write("") }
    }

    func write(_ line: String) {
        emit(line + "\n")
    }

    /// Writes straight to the standard output file descriptor: no buffer to flush, so lines appear as they happen.
    private func emit(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Milliseconds between two instants of the continuous clock, for the report.
func milliseconds(since start: ContinuousClock.Instant) -> String {
    let elapsed = ContinuousClock.now - start
    let ms = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
    return String(format: "%.1f ms", ms)
}
