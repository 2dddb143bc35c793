// The main job: every service on the embedded emulator, with a real clock, reported on the terminal.
// Top-level code runs on the main actor; the demo's work runs in a nonisolated async function.
import Foundation

let succeeded = await runDemo()
exit(succeeded ? 0 : 1)
