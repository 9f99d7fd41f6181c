import Foundation
import YiwangDomain

/// The catalog as services read it — a row of the service list, a department, a whole guide — and
/// as the API sends it (the encodings below are the published format).

/// A row of the service list.
struct ServiceSummary: Codable, Sendable, Equatable {
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

/// A department with how many items it implements.
struct DepartmentSummary: Codable, Sendable, Equatable {
    let code: String
    let name: String
    let shortName: String
    let address: String?
    let phone: String?
    let hours: String?
    let itemCount: Int
}

/// The full application guide of one item, with its department.
struct ServiceGuide: Codable, Sendable {
    let item: ServiceItem
    let department: DepartmentSummary
    let updatedAt: Date?

    private enum CodingKeys: String, CodingKey { case department, updatedAt, statutoryDays, promisedDays }

    init(item: ServiceItem, department: DepartmentSummary, updatedAt: Date?) {
        self.item = item
        self.department = department
        self.updatedAt = updatedAt
    }

    init(from decoder: any Decoder) throws {
        item = try ServiceItem(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        department = try container.decode(DepartmentSummary.self, forKey: .department)
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
