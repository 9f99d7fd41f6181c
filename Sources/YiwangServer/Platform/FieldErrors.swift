/// Per-field validation errors, in the order found; the `errors` list of a problem response.
struct FieldErrors: Error, Sendable, Equatable {
    struct Entry: Codable, Sendable, Equatable {
        let field: String
        let message: String
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(_ field: String, _ message: String) {
        entries.append(Entry(field: field, message: message))
    }

    /// One sentence for the problem's `detail`.
    var summary: String { entries.map(\.message).joined(separator: "；") }
}
