/// The outcome of reading one line of an import file.
public enum ImportLine: Sendable {
    /// A record that maps to an item of the catalog, and its department.
    case item(line: Int, department: Department, item: ServiceItem)
    /// A record that cannot be imported, with the reason in Chinese.
    case skipped(line: Int, reason: String)
}

/// A record rejected while mapping; `reason` is Chinese and names the field.
public struct ImportRejection: Error, Sendable, Equatable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}
