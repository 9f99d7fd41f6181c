import Fluent
import Foundation
import YiwangDomain

/// A department's 绿色通道 classes: its approvers (科室负责人) add and remove them; any member of
/// its staff sees them; a case submitted by someone a class covers starts in the green channel.
struct GreenChannelClasses {
    let platform: Platform

    var database: any Database { platform.database }

    /// A class as an approver writes it.
    struct Form: Codable, Sendable {
        var name: String?
        var kind: String?
        var value: String?
    }

    /// A class as staff read it.
    struct Entry: Codable, Sendable {
        let id: UUID
        let name: String
        let kind: String
        let kindLabel: String
        let value: String
        let createdBy: String
        let createdAt: Date

        init(_ record: GreenChannelClassRecord) {
            id = record.id ?? UUID()
            name = record.name
            kind = record.kind
            kindLabel = GreenChannelRule.Kind(rawValue: record.kind)?.label ?? record.kind
            value = record.value
            createdBy = record.createdBy
            createdAt = record.createdAt
        }
    }

    static func requireManager(_ staff: SignedIn) throws {
        guard staff.roles.contains(.approval), staff.departmentCode != nil else {
            throw ServiceError.forbidden("绿色通道对象须由本部门审批人员设置")
        }
    }

    func list(department: String) async throws -> [GreenChannelClassRecord] {
        try await GreenChannelClassRecord.query(on: database).filter(\.$departmentCode == department).sort(\.$createdAt).all()
    }

    /// The department's classes, as staff read them.
    func entries(department: String) async throws -> [Entry] {
        try await list(department: department).map(Entry.init)
    }

    /// Adds a class to the staff member's department; audited.
    func create(_ form: Form, by staff: SignedIn, audit: AuditLog) async throws -> GreenChannelClassRecord {
        let now = platform.now
        try Self.requireManager(staff)
        var errors = FieldErrors()
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 50 { errors.add("name", "请填写类别名称（50 字以内）") }
        var rule: GreenChannelRule?
        switch GreenChannelRule.parse(kind: form.kind ?? "", value: form.value ?? "") {
        case .success(let parsed): rule = parsed
        case .failure(let problem): errors.add(form.kind.flatMap(GreenChannelRule.Kind.init) == nil ? "kind" : "value", problem.description)
        }
        guard errors.isEmpty, let rule else { throw errors }
        let record = GreenChannelClassRecord()
        record.departmentCode = staff.departmentCode ?? ""
        record.name = name
        record.kind = rule.kind.rawValue
        record.value = rule.value
        record.createdBy = staff.staffLabel
        record.createdAt = now
        try await database.transaction { database in
            try await record.create(on: database)
            try await audit.record("green_channel_class.create", object: "green_channel_class:\(record.id?.uuidString ?? "")",
                                   detail: "\(name)（\(rule.kind.label)）", on: database)
        }
        return record
    }

    /// Removes a class of the staff member's department (any other is not found); audited.
    func delete(id: String, by staff: SignedIn, audit: AuditLog) async throws -> GreenChannelClassRecord {
        try Self.requireManager(staff)
        guard let uuid = UUID(uuidString: id), let record = try await GreenChannelClassRecord.find(uuid, on: database),
              record.departmentCode == staff.departmentCode else { throw ServiceError.notFound("没有找到这个绿色通道类别") }
        try await database.transaction { database in
            try await record.delete(on: database)
            try await audit.record("green_channel_class.delete", object: "green_channel_class:\(id)", detail: record.name, on: database)
        }
        return record
    }

    /// The first of the department's classes that covers the applicant (or the enterprise applied for).
    func covering(department: String, idNumber: String?, enterpriseCode: String?, on today: CivilDate) async throws -> GreenChannelClassRecord? {
        try await list(department: department).first { $0.rule?.covers(idNumber: idNumber, enterpriseCode: enterpriseCode, on: today) == true }
    }
}
