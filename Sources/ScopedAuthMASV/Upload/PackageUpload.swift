import Foundation
import ScopedAuth

/// A running package upload: its progress stream and, when it is done, the package's handle.
///
/// The upload starts at once in its own task. Await ``value`` for the result; cancelling the task that awaits
/// it, or calling ``cancel()``, stops the upload cleanly: no new chunk starts, running chunks are cancelled, the
/// package is not finalized, and ``value`` throws `CancellationError`.
///
/// ```swift
/// let upload = client.packages.upload([file], team: teamID, name: "Rushes")
/// Task { for await progress in upload.progress { logger.info("\(progress.bytesSent)") } }
/// let package = try await upload.value
/// ```
public struct PackageUpload<Access: PackageAccess>: Sendable {
    /// Progress events, from zero to the total; the stream ends when the upload ends.
    public let progress: AsyncStream<UploadProgress>
    private let task: Task<PackageHandle<Access>, any Error>

    init(
        files: [URL], options: UploadOptions, clock: any AuthClock,
        package: @escaping @Sendable () async throws -> PackageHandle<Access>
    ) {
        let (stream, continuation) = AsyncStream.makeStream(of: UploadProgress.self)
        progress = stream
        task = Task {
            defer { continuation.finish() }
            let plan = try UploadPlan(files)
            let handle = try await package()
            let reporter = UploadProgressReporter(totalBytes: plan.totalBytes, continuation: continuation)
            try await PackageUploader(handle: handle, options: options, clock: clock, reporter: reporter).run(plan)
            return handle
        }
    }

    init(existing handle: PackageHandle<Access>, files: [URL], options: UploadOptions, clock: any AuthClock) {
        self.init(files: files, options: options, clock: clock) { handle }
    }

    /// The uploaded package's handle, once every file (and, by default, the package) is finalized.
    ///
    /// - Throws: `AuthError` (which names the failing file), or `CancellationError`.
    public var value: PackageHandle<Access> {
        get async throws {
            try await withTaskCancellationHandler {
                try await task.value
            } onCancel: { [task] in
                task.cancel()
            }
        }
    }

    /// Stops the upload; ``value`` then throws `CancellationError`.
    public func cancel() {
        task.cancel()
    }
}
