import Fluent
import Foundation
import YiwangDomain

/// A bundle (一件事) as stored: the columns lists filter on, and the whole definition as catalog JSON.
final class BundleRecord: Model, @unchecked Sendable {
    static let schema = "bundles"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "life_cycle") var lifeCycle: String
    @Field(key: "stage") var stage: String
    @Field(key: "lead_department_code") var leadDepartmentCode: String
    /// The full `LifeEventBundle` as catalog JSON.
    @Field(key: "definition") var definition: String
    @Field(key: "source") var source: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ bundle: LifeEventBundle, source: String) throws {
        id = bundle.code
        self.source = source
        try apply(bundle)
    }

    func apply(_ bundle: LifeEventBundle) throws {
        name = bundle.name
        lifeCycle = bundle.lifeCycle.rawValue
        stage = bundle.stage
        leadDepartmentCode = bundle.leadDepartment
        definition = String(decoding: try CatalogCoding.encoder().encode(bundle), as: UTF8.self)
    }

    func decoded() throws -> LifeEventBundle {
        try CatalogCoding.decoder().decode(LifeEventBundle.self, from: Data(definition.utf8))
    }
}
