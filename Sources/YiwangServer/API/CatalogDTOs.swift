import Vapor
import YiwangDomain

/// A row of the service list.
struct ServiceSummaryDTO: Content, Equatable {
    let code: String
    let name: String
    let department: String
    let departmentCode: String
    let type: String
    let onlineLevel: String
    let promisedDays: Int?
    let statutoryDays: Int?

    private enum CodingKeys: String, CodingKey {
        case code, name, department, departmentCode, type, onlineLevel, promisedDays, statutoryDays
    }

    /// Limits are always present, `null` where none is set, as the API documents.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(department, forKey: .department)
        try container.encode(departmentCode, forKey: .departmentCode)
        try container.encode(type, forKey: .type)
        try container.encode(onlineLevel, forKey: .onlineLevel)
        try container.encode(promisedDays, forKey: .promisedDays)
        try container.encode(statutoryDays, forKey: .statutoryDays)
    }
}

struct ServiceListDTO: Content {
    let items: [ServiceSummaryDTO]
    let total: Int
    let limit: Int
    let offset: Int
}

/// A department with how many items it implements.
struct DepartmentDTO: Content, Equatable {
    let code: String
    let name: String
    let shortName: String
    let address: String?
    let phone: String?
    let hours: String?
    let itemCount: Int
}

struct DepartmentListDTO: Content {
    let items: [DepartmentDTO]
}

/// The full application guide of one item, with its department.
struct ServiceGuideDTO: Content {
    let item: ServiceItem
    let department: DepartmentDTO
    let updatedAt: Date?

    private enum CodingKeys: String, CodingKey { case department, updatedAt, statutoryDays, promisedDays }

    init(item: ServiceItem, department: DepartmentDTO, updatedAt: Date?) {
        self.item = item
        self.department = department
        self.updatedAt = updatedAt
    }

    init(from decoder: any Decoder) throws {
        item = try ServiceItem(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        department = try container.decode(DepartmentDTO.self, forKey: .department)
        updatedAt = try container.decodeIfPresent(Date.self, forKey: .updatedAt)
    }

    /// The item's own keys, flattened, plus `department` and `updated_at`.
    func encode(to encoder: any Encoder) throws {
        try item.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(department, forKey: .department)
        try container.encodeIfPresent(updatedAt, forKey: .updatedAt)
        // Limits are always present, `null` where the law or the department sets none.
        if item.statutoryDays == nil { try container.encodeNil(forKey: .statutoryDays) }
        if item.promisedDays == nil { try container.encodeNil(forKey: .promisedDays) }
    }
}
