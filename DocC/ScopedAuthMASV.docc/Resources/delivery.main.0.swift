// The Swift Programming Language
// https://docs.swift.org/swift-book

@main
struct Deliver {
    static func main() {
        print("Hello, world!")
    }
}
