public import Foundation

/// A build of a project's patterns, as the server reports it at one moment.
///
/// ```swift
/// let build = try await project.startBuild(patternIDs: [808, 809])
/// for try await update in project.watch(build) { _ = (update.status, update.progress) }
/// ```
public struct ProjectBuild: Sendable, Hashable, Decodable {
    /// The build's id.
    public var id: Int
    /// The project it builds.
    public var projectID: Int
    /// Where it stands.
    public var status: BuildStatus
    /// Its progress in percent, 0 to 100.
    public var progress: Int
    /// The server's message, such as why it failed.
    public var message: String?
    /// The patterns it builds.
    public var patternIDs: [Int]
    /// The releases it builds, if any.
    public var releaseIDs: [Int]
    /// The description given when it was started.
    public var descriptionText: String?
    /// When it started, by the server's clock.
    public var startedAt: Date?
    /// When it ended, by the server's clock; `nil` while it runs.
    public var endedAt: Date?
    /// Its result files, once it has finished.
    public var downloads: [BuildDownload]

    private enum CodingKeys: String, CodingKey {
        case id, status, progress, message, releases, patterns, downloads
        case projectID = "project_id"
        case descriptionText = "description"
        case startedAt = "build_start"
        case endedAt = "build_end"
    }

    /// Decodes a build; optional fields that are absent or of the wrong type are left empty.
    ///
    /// - Throws: `DecodingError` when `id`, `project_id` or `status` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        projectID = try container.decode(Int.self, forKey: .projectID)
        status = try container.decode(BuildStatus.self, forKey: .status)
        progress = (try? container.decodeIfPresent(Int.self, forKey: .progress)) ?? 0
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        patternIDs = (try? container.decodeIfPresent([Int].self, forKey: .patterns)) ?? []
        releaseIDs = (try? container.decodeIfPresent([Int].self, forKey: .releases)) ?? []
        descriptionText = try? container.decodeIfPresent(String.self, forKey: .descriptionText)
        startedAt = Self.date(try? container.decodeIfPresent(String.self, forKey: .startedAt))
        endedAt = Self.date(try? container.decodeIfPresent(String.self, forKey: .endedAt))
        downloads = (try? container.decodeIfPresent([BuildDownload].self, forKey: .downloads)) ?? []
    }

    /// Parses an ISO 8601 date as JavaScript writes it, with or without milliseconds.
    private static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
