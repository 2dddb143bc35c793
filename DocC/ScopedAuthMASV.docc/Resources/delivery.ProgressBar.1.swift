import ScopedAuthMASV

/// One line that shows how far an upload has come: `[###############···············]  50%  Rushes/a.mov`.
public func progressBar(_ progress: UploadProgress, width: Int = 30) -> String {
    let filled = min(width, max(0, Int(progress.fractionCompleted * Double(width))))
    let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
    let percent = Int(progress.fractionCompleted * 100)
    return "[\(bar)] \(percent)%  \(progress.file?.path ?? "")"
}
