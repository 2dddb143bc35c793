import ArgumentParser
import ScopedAuthCLI

/// The `scopedauth` executable: everything lives in ``ScopedAuthCommand`` so it can be tested as a library.
@main
enum Main {
    static func main() async {
        await ScopedAuthCommand.main()
    }
}
