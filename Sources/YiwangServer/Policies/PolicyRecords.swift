import Fluent
import Foundation
import YiwangDomain

/// A fact a registry stand-in holds of a person (filed under their ID number's blind index) or a
/// company (its credit code), with where it comes from and as of when. A real data-sharing exchange
/// replaces these rows behind `RegistryClient`.
final class RegistryFactRecord: Model, @unchecked Sendable {
    static let schema = "registry_facts"

    @ID(key: .id) var id: UUID?
    @Field(key: "target") var target: PolicyTarget
    @Field(key: "subject") var subject: String
    @Field(key: "fact") var fact: String
    /// The value as JSON (`FactValue`).
    @Field(key: "value") var value: String
    @Field(key: "source") var source: FactSource
    @Field(key: "as_of") var asOf: String
    @OptionalField(key: "recorded_at") var recordedAt: Date?

    init() {}

    /// Facts that are identity numbers themselves (a spouse's): sealed by the vault like every ID number.
    static let sealedFacts: Set<String> = ["spouse_id_number"]

    init(target: PolicyTarget, subject: String, fact: String, value: FactValue, source: FactSource, asOf: CivilDate, now: Date,
         vault: PersonalDataVault? = nil) throws {
        self.target = target; self.subject = subject; self.fact = fact
        let json = try StoredJSON.encode(value)
        if Self.sealedFacts.contains(fact) {
            guard let vault else { throw ServiceError.unavailable("身份证号码须加密保存") }
            self.value = try vault.seal(json)
        } else {
            self.value = json
        }
        self.source = source; self.asOf = asOf.description; recordedAt = now
    }

    /// The fact with its source and date (a sealed one opened with `vault`).
    func sourced(_ vault: PersonalDataVault) -> SourcedFact? {
        let json = Self.sealedFacts.contains(fact) ? (try? vault.open(value)) ?? nil : value
        guard let value = StoredJSON.decode(FactValue.self, from: json), let day = CivilDate(asOf) else { return nil }
        return SourcedFact(value, source: source.label, asOf: day)
    }
}

/// A published version of a policy: the shipped files are stored at first start, and staff publish
/// new versions here (each publication is in the audit log). The book the platform decides with.
final class PolicyVersionRecord: Model, @unchecked Sendable {
    static let schema = "policy_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "policy_id") var policyID: String
    @Field(key: "version") var version: Int
    @Field(key: "department_code") var departmentCode: String
    /// The policy as its file has it (snake_case JSON).
    @Field(key: "document") var document: String
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "published_at") var publishedAt: Date
    /// Who published it: a member of staff's name, or 系统 for a shipped file.
    @Field(key: "published_by") var publishedBy: String

    init() {}

    init(policy: Policy, document: String, publishedAt: Date, publishedBy: String) {
        policyID = policy.id; version = policy.version; departmentCode = policy.department; self.document = document
        effectiveFrom = policy.effectiveFrom.description; self.publishedAt = publishedAt; self.publishedBy = publishedBy
    }
}

/// Where one person or company stands with one policy: the decision it was last given, under which
/// version, and with which explanation. One row per policy and subject, so that two nodes finding the
/// same person at once record (and tell) them once.
final class EntitlementRecord: Model, @unchecked Sendable {
    static let schema = "entitlements"

    @ID(key: .id) var id: UUID?
    @Field(key: "policy_id") var policyID: String
    @Field(key: "policy_version") var policyVersion: Int
    @Field(key: "policy_name") var policyName: String
    @Field(key: "department_code") var departmentCode: String
    @Field(key: "target") var target: PolicyTarget
    /// The person's ID-number blind index, or the company's credit code.
    @Field(key: "subject") var subject: String
    @OptionalField(key: "account_id") var accountID: UUID?
    @OptionalField(key: "enterprise_id") var enterpriseID: UUID?
    @Field(key: "status") var status: EntitlementStatus
    /// The decision with its trace (`PolicyDecision` as JSON): what "为什么" shows.
    @Field(key: "decision") var decision: String
    /// The day of the decision that set the status.
    @Field(key: "decided_on") var decidedOn: String
    /// When payments stop, for an ended benefit.
    @OptionalField(key: "stop_from") var stopFrom: String?
    /// The case a 一键确认 submitted.
    @OptionalField(key: "case_id") var caseID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var storedDecision: PolicyDecision? { StoredJSON.decode(PolicyDecision.self, from: decision) }
}

/// A step in the life of an entitlement or its objection, as the person and the auditor see it.
final class BenefitEventRecord: Model, @unchecked Sendable {
    static let schema = "benefit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "entitlement_id") var entitlementID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "action") var action: String
    @OptionalField(key: "detail") var detail: String?

    init() {}

    init(entitlementID: UUID, at: Date, action: String, detail: String?) {
        self.entitlementID = entitlementID; self.at = at; self.action = action; self.detail = detail
    }
}

/// An objection to a decision: a work item for the policy's department, due in working days.
final class ObjectionRecord: Model, @unchecked Sendable {
    static let schema = "policy_objections"

    @ID(key: .id) var id: UUID?
    @Field(key: "entitlement_id") var entitlementID: UUID
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "department_code") var departmentCode: String
    @Field(key: "kind") var kind: ObjectionKind
    /// What the person wrote, ID and mobile numbers masked before it is stored.
    @Field(key: "statement") var statement: String
    /// The trace line objected to (a fact's name), if one was chosen.
    @OptionalField(key: "fact") var fact: String?
    @Field(key: "status") var status: ObjectionStatus
    @Field(key: "due_on") var dueOn: String
    @Field(key: "raised_at") var raisedAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "reason") var reason: String?

    init() {}
}

/// A correction request sent to the registry a wrong fact came from.
final class RegistryCorrectionRecord: Model, @unchecked Sendable {
    static let schema = "registry_corrections"

    @ID(key: .id) var id: UUID?
    @Field(key: "objection_id") var objectionID: UUID
    @Field(key: "source") var source: FactSource
    @Field(key: "subject") var subject: String
    @Field(key: "fact") var fact: String
    /// The value the department found right (JSON `FactValue`).
    @Field(key: "corrected_value") var correctedValue: String
    @Field(key: "requested_at") var requestedAt: Date
    /// 已发送 until the registry answers; the stand-in applies it at once (已更正).
    @Field(key: "status") var status: String

    init() {}

    /// "已向湖南省人口信息库（省公安厅）发出更正：户籍地 湖南省长沙市芙蓉区（已更正）".
    var summary: String {
        let value = StoredJSON.decode(FactValue.self, from: correctedValue).map { FactCorrection.describe(registryFact: fact, value: $0) } ?? fact
        return "已向\(source.label)发出更正：\(value)（\(status)）"
    }
}
