/// The demo report's text layout, kept apart from the terminal so that it can be tested: labels sit in a column
/// and are never cut, and counts carry the right plural.
enum ReportLayout {
    /// The width of the label column of result lines (`✓ label  detail`) and figures (`label  value`).
    static let labelWidth = 36

    /// `label` padded to `width`, then `detail`. A longer label is kept whole, and `detail` goes to the next line,
    /// under the column it would have started in (`indent` is what precedes the label on screen).
    static func columns(_ label: String, _ detail: String, width: Int = labelWidth, indent: Int) -> String {
        if label.count <= width {
            return label + String(repeating: " ", count: width - label.count) + " " + detail
        }
        return label + "\n" + String(repeating: " ", count: indent + width + 1) + detail
    }

    /// `count` and the noun in its singular or plural form: `1 workspace`, `3 workspaces`, `2 replays`.
    static func count(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }
}
