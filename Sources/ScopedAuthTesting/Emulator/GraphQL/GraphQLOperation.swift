import Foundation

/// The root fields of a GraphQL request and their arguments, read without a full GraphQL parser.
///
/// The emulated GraphQL services (Spacelift, Massdriver) only need to know which root fields a document asks
/// for and with which arguments; every selection below a root field is answered in full. So this reads the
/// first operation's top-level selection set: each root field's name, its alias, and its arguments with
/// `$variables` resolved from the request's `variables` object. Anything it cannot read yields `nil`, which the
/// services answer in their error shape.
package struct GraphQLOperation {
    /// One field of the operation's top-level selection set.
    package struct RootField {
        /// The field's name in the schema, such as `apiKeyUser`.
        package var name: String
        /// The key under which the answer goes into `data`: the alias if one was given, else the name.
        package var responseKey: String
        /// The arguments, with variables substituted (`[String: Any]`, `[Any]`, `String`, numbers, `Bool`,
        /// `NSNull`; enum values as `String`).
        package var arguments: [String: Any]
    }

    /// Whether the operation is a `mutation`.
    package var isMutation: Bool
    /// The top-level fields in document order.
    package var rootFields: [RootField]

    /// Reads a request body `{"query", "variables"?, "operationName"?}`; `nil` when it is not one.
    package init?(body: [String: Any]) {
        guard let query = body["query"] as? String else { return nil }
        let variables = body["variables"] as? [String: Any] ?? [:]
        var scanner = GraphQLScanner(text: query, variables: variables)
        guard let parsed = scanner.parseOperation() else { return nil }
        self = parsed
    }

    package init(isMutation: Bool, rootFields: [RootField]) {
        self.isMutation = isMutation
        self.rootFields = rootFields
    }
}

/// A character-level reader of just enough GraphQL syntax to find the root fields of the first operation.
private struct GraphQLScanner {
    private let characters: [Character]
    private let variables: [String: Any]
    private var index = 0

    init(text: String, variables: [String: Any]) {
        characters = Array(text)
        self.variables = variables
    }

    mutating func parseOperation() -> GraphQLOperation? {
        skipIgnored()
        var isMutation = false
        if let keyword = peekName(), keyword == "query" || keyword == "mutation" || keyword == "subscription" {
            isMutation = keyword == "mutation"
            _ = readName()
            skipIgnored()
            if peekName() != nil { _ = readName() }  // operation name
            skipIgnored()
            if current == "(" { guard skipBalanced(open: "(", close: ")") else { return nil } }
            skipIgnored()
        }
        guard current == "{" else { return nil }
        index += 1
        var fields: [GraphQLOperation.RootField] = []
        while true {
            skipIgnored()
            guard let character = current else { return nil }
            if character == "}" { break }
            if character == "." {  // a fragment spread or inline fragment at the root: not used by our clients
                return nil
            }
            guard var name = readName() else { return nil }
            let responseKey = name
            skipIgnored()
            if current == ":" {
                index += 1
                skipIgnored()
                guard let aliased = readName() else { return nil }
                name = aliased
                skipIgnored()
            }
            var arguments: [String: Any] = [:]
            if current == "(" {
                guard let parsed = readArguments() else { return nil }
                arguments = parsed
                skipIgnored()
            }
            while current == "@" {  // directives are accepted and ignored
                index += 1
                guard readName() != nil else { return nil }
                skipIgnored()
                if current == "(" { guard skipBalanced(open: "(", close: ")") else { return nil } }
                skipIgnored()
            }
            if current == "{" { guard skipBalanced(open: "{", close: "}") else { return nil } }
            fields.append(.init(name: name, responseKey: responseKey, arguments: arguments))
        }
        return fields.isEmpty ? nil : GraphQLOperation(isMutation: isMutation, rootFields: fields)
    }

    // MARK: Values

    private mutating func readArguments() -> [String: Any]? {
        guard current == "(" else { return nil }
        index += 1
        var arguments: [String: Any] = [:]
        while true {
            skipIgnored()
            if current == ")" {
                index += 1
                return arguments
            }
            guard let name = readName() else { return nil }
            skipIgnored()
            guard current == ":" else { return nil }
            index += 1
            skipIgnored()
            guard let value = readValue() else { return nil }
            arguments[name] = value
        }
    }

    private mutating func readValue() -> Any? {
        guard let character = current else { return nil }
        switch character {
        case "$":
            index += 1
            guard let name = readName() else { return nil }
            return variables[name] ?? NSNull()
        case "\"":
            return readString()
        case "[":
            index += 1
            var list: [Any] = []
            while true {
                skipIgnored()
                if current == "]" {
                    index += 1
                    return list
                }
                guard let value = readValue() else { return nil }
                list.append(value)
            }
        case "{":
            index += 1
            var object: [String: Any] = [:]
            while true {
                skipIgnored()
                if current == "}" {
                    index += 1
                    return object
                }
                guard let key = readName() else { return nil }
                skipIgnored()
                guard current == ":" else { return nil }
                index += 1
                skipIgnored()
                guard let value = readValue() else { return nil }
                object[key] = value
            }
        case "-", "0"..."9":
            var text = ""
            while let next = current, next == "-" || next == "+" || next == "." || next == "e" || next == "E"
                || next.isNumber
            {
                text.append(next)
                index += 1
            }
            if let integer = Int(text) { return integer }
            return Double(text)
        default:
            guard let name = readName() else { return nil }
            switch name {
            case "true": return true
            case "false": return false
            case "null": return NSNull()
            default: return name
            }
        }
    }

    private mutating func readString() -> String? {
        guard current == "\"" else { return nil }
        index += 1
        var text = ""
        while let character = current {
            index += 1
            switch character {
            case "\"":
                return text
            case "\\":
                guard let escaped = current else { return nil }
                index += 1
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                default: text.append(escaped)
                }
            default:
                text.append(character)
            }
        }
        return nil
    }

    // MARK: Lexing

    private var current: Character? { index < characters.count ? characters[index] : nil }

    private func peekName() -> String? {
        var copy = self
        return copy.readName()
    }

    private mutating func readName() -> String? {
        guard let first = current, first == "_" || (first.isASCII && first.isLetter) else { return nil }
        var name = ""
        while let character = current, character == "_" || (character.isASCII && (character.isLetter || character.isNumber)) {
            name.append(character)
            index += 1
        }
        return name
    }

    /// Skips whitespace, commas and `#` comments.
    private mutating func skipIgnored() {
        while let character = current {
            if character == "#" {
                while let next = current, !next.isNewline { index += 1 }
            } else if character.isWhitespace || character == "," || character == "\u{FEFF}" {
                index += 1
            } else {
                return
            }
        }
    }

    /// Skips a bracketed group including nested groups and strings; `false` when it never closes.
    private mutating func skipBalanced(open: Character, close: Character) -> Bool {
        var depth = 0
        while let character = current {
            if character == "\"" {
                guard readString() != nil else { return false }
                continue
            }
            if character == "#" {
                skipIgnored()
                continue
            }
            index += 1
            if character == open { depth += 1 }
            if character == close {
                depth -= 1
                if depth == 0 { return true }
            }
        }
        return false
    }
}
