/// A department (实施机关) that implements service items.
public struct Department: Codable, Sendable, Equatable {
    /// Stable code, e.g. `YJJ`; imported departments get `GD-` plus their organisation code.
    public var code: String
    /// Full name, e.g. 湖南省药品监督管理局.
    public var name: String
    /// Short name, e.g. 省药品监督管理局.
    public var shortName: String
    public var address: String?
    public var phone: String?
    public var hours: String?
    public var website: String?

    public init(
        code: String, name: String, shortName: String, address: String? = nil, phone: String? = nil,
        hours: String? = nil, website: String? = nil
    ) {
        self.code = code; self.name = name; self.shortName = shortName; self.address = address
        self.phone = phone; self.hours = hours; self.website = website
    }
}

/// One catalog file: a department and the items it implements.
public struct CatalogFile: Codable, Sendable, Equatable {
    public var department: Department
    public var items: [ServiceItem]

    public init(department: Department, items: [ServiceItem]) {
        self.department = department; self.items = items
    }
}
