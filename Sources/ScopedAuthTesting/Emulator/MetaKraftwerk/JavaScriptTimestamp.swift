import Foundation

extension Date {
    /// The date as JavaScript's `toISOString()` writes it (`2026-01-01T00:00:00.000Z`), as Feathers serialises
    /// dates.
    var javaScriptISOString: String {
        formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
