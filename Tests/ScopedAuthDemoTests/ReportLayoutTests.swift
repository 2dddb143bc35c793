@testable import scopedauth_demo
import Testing

/// The demo's report layout: what a newcomer reads first must never show a label cut mid-word or `1 workspaces`.
@Suite("scopedauth-demo report layout")
struct ReportLayoutTests {
    /// Every label the demo prints, including the longest ones that were once cut off.
    @Test("A label is never cut: short ones are padded to the column, long ones keep every character",
          arguments: ["MASV", "no credential at the storage origin", "replayed at once (stale generation)",
                      "\"unauthorized\" answers served", "a label that is much longer than the whole label column"])
    func labelsAreWhole(label: String) throws {
        let line = ReportLayout.columns(label, "DETAIL", indent: 4)
        let fits = label.count <= ReportLayout.labelWidth
        #expect(line.hasPrefix(label + (fits ? " " : "\n")), "the whole label, then a space or a new line: \(line)")
        #expect(line.hasSuffix("DETAIL"))
        let lines = line.split(separator: "\n")
        if fits {
            #expect(lines.count == 1)
            #expect(line.firstRange(of: "DETAIL")?.lowerBound == line.index(line.startIndex, offsetBy: ReportLayout.labelWidth + 1))
        } else {
            // The detail moves to the next line, aligned with the column it would have started in.
            try #require(lines.count == 2, "\(line)")
            #expect(lines[1] == Substring(String(repeating: " ", count: 4 + ReportLayout.labelWidth + 1) + "DETAIL"))
        }
    }

    @Test("The demo's own labels fit the column, so its result lines stay aligned")
    func demoLabelsFit() {
        for label in ["no credential at the storage origin", "replayed at once (stale generation)",
                      "exchanges (POST /auth/token)", "role checked on acquisition",
                      "progress reached the total", "one refresh for the storm"] {
            #expect(label.count <= ReportLayout.labelWidth, "\(label)")
        }
    }

    @Test("Counts take the singular for one and the plural otherwise")
    func plurals() {
        #expect(ReportLayout.count(1, "workspace") == "1 workspace")
        #expect(ReportLayout.count(2, "workspace") == "2 workspaces")
        #expect(ReportLayout.count(0, "project") == "0 projects")
        #expect(ReportLayout.count(1, "refresh", plural: "refreshes") == "1 refresh")
        #expect(ReportLayout.count(3, "refresh", plural: "refreshes") == "3 refreshes")
    }
}
