import Fluent
import Foundation
import YiwangDomain

/// The population registry's stand-in: demo records, replaced by a data-sharing exchange in production.
final class RegistryPersonRecord: Model, @unchecked Sendable {
    static let schema = "registry_persons"

    /// The blind index of the person's ID number (`PersonalDataVault`), never the number.
    @ID(custom: "id_number", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "status") var status: String

    init() {}

    init(idNumber: String, name: String, status: String) {
        self.id = idNumber; self.name = name; self.status = status
    }
}

/// The enterprise registry's stand-in.
final class RegistryEnterpriseRecord: Model, @unchecked Sendable {
    static let schema = "registry_enterprises"

    @ID(custom: "uscc", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "status") var status: String

    init() {}

    init(uscc: String, name: String, status: String) {
        self.id = uscc; self.name = name; self.status = status
    }
}

/// `RegistryClient` over the registry tables.
struct DatabaseRegistryClient: RegistryClient {
    let database: any Database
    /// People are filed under their ID number's blind index, as accounts are.
    let vault: PersonalDataVault
    /// The day certificates are judged on (expiry).
    var today: CivilDate = .today()

    func person(idNumber: String) async throws -> RegistryPerson? {
        try await RegistryPersonRecord.query(on: database).filter(\.$id ~~ vault.lookupIndexes(idNumber, as: .idNumber)).first().map {
            RegistryPerson(idNumber: idNumber.uppercased(), name: $0.name, status: $0.status)
        }
    }

    func enterprise(uscc: String) async throws -> RegistryEnterprise? {
        try await RegistryEnterpriseRecord.find(uscc, on: database).map {
            RegistryEnterprise(uscc: $0.id ?? uscc, name: $0.name, status: $0.status)
        }
    }

    /// The platform's own certificate store: the certificate and its standing (signature, revocation, expiry).
    func certificate(number: String) async throws -> RegistryCertificate? {
        let service = CertificateVerifier(database: database, vault: vault, today: today)
        guard let record = try await service.find(number: number) else { return nil }
        let verification = try await service.verify(record)
        return RegistryCertificate(number: record.number, typeName: record.typeName, holderName: record.holderName,
                                   standing: CertificateStanding(rawValue: verification.status) ?? .tampered)
    }

    func personFacts(idNumber: String) async throws -> [String: SourcedFact] {
        try await facts(of: vault.lookupIndexes(idNumber, as: .idNumber))
    }

    func enterpriseFacts(uscc: String) async throws -> [String: SourcedFact] {
        try await facts(of: [uscc.uppercased()])
    }

    private func facts(of subjects: [String]) async throws -> [String: SourcedFact] {
        var facts: [String: SourcedFact] = [:]
        for record in try await RegistryFactRecord.query(on: database).filter(\.$subject ~~ subjects).all() {
            if let fact = record.sourced(vault) { facts[record.fact] = fact }
        }
        return facts
    }

    /// Demo records: the demo citizens (with the elder's ID number as compiled for this database), an
    /// elderly father, the demo company, one that was revoked, and what the other registries hold of them.
    static func seedDemo(_ database: any Database, vault: PersonalDataVault, elderIDNumber: String?, today: CivilDate) async throws {
        if try await RegistryPersonRecord.query(on: database).count() == 0 {
            try await seedDemoPeople(database, vault: vault, elderIDNumber: elderIDNumber)
        }
        if try await RegistryEnterpriseRecord.query(on: database).count() == 0 {
            try await RegistryEnterpriseRecord(uscc: DemoAccounts.enterprise.uscc, name: DemoAccounts.enterprise.name, status: "存续")
                .create(on: database)
            try await RegistryEnterpriseRecord(uscc: "91430100MA4L30365D", name: "长沙旧城贸易有限公司", status: "吊销").create(on: database)
        }
        try await DemoRegistryFacts.seedIfEmpty(database, vault: vault, elderIDNumber: elderIDNumber, today: today)
    }

    private static func seedDemoPeople(_ database: any Database, vault: PersonalDataVault, elderIDNumber: String?) async throws {
        let people = DemoAccounts.citizens.compactMap { person in person.idNumber.map { ($0, person.name, "正常") } }
            + [("430104194105200017", "张德明", "正常"), ("430104194603010021", "李秀英", "死亡注销")]
            + (elderIDNumber.map { [($0, "赵桂兰", "正常")] } ?? [])
        for (id, name, status) in people { try await RegistryPersonRecord(idNumber: vault.index(id, as: .idNumber), name: name, status: status).create(on: database) }
    }
}
