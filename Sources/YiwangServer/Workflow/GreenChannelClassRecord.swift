import Fluent
import Foundation
import YiwangDomain

/// A department's class of applicants for the 绿色通道 (see `GreenChannelRule`).
final class GreenChannelClassRecord: Model, @unchecked Sendable {
    static let schema = "green_channel_classes"

    @ID(key: .id) var id: UUID?
    @Field(key: "department_code") var departmentCode: String
    /// What the class is called, e.g. 80 周岁以上老年人; named as the reason on each case.
    @Field(key: "name") var name: String
    /// `GreenChannelRule.Kind`.
    @Field(key: "kind") var kind: String
    /// `GreenChannelRule.value`.
    @Field(key: "value") var value: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var rule: GreenChannelRule? { try? GreenChannelRule.parse(kind: kind, value: value).get() }
}
