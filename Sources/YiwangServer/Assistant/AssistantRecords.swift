import Fluent
import Foundation

/// A conversation: what the assistant remembers between turns, as JSON sealed by `PersonalDataVault`
/// (an application filled in conversation keeps the value it offered, which may be an ID number).
final class AssistantSessionRecord: Model, @unchecked Sendable {
    static let schema = "assistant_sessions"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "state") var state: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: String, state: String) {
        self.id = id
        self.state = state
    }
}

/// One turn, kept so that every answer can be traced: the question (personal data redacted), the
/// passages it stood on, the knowledge-base version, the model, the answer and how long it took.
final class AssistantTurnRecord: Model, @unchecked Sendable {
    static let schema = "assistant_turns"

    @ID(key: .id) var id: UUID?
    @Field(key: "session_id") var sessionID: String
    @Field(key: "question") var question: String
    @Field(key: "intent") var intent: String
    /// Codes, comma-separated, best first.
    @Field(key: "service_codes") var serviceCodes: String
    @Field(key: "passage_ids") var passageIDs: String
    @Field(key: "kb_version") var knowledgeVersion: String
    @Field(key: "model") var model: String
    @Field(key: "answer") var answer: String
    @Field(key: "latency_ms") var latencyMilliseconds: Double
    @Field(key: "handoff") var handoff: Bool
    @Field(key: "confidence") var confidence: Double
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // review (see `AddAnswerReview`)
    /// `up` (有帮助) or `down` (没帮助), from the person who asked.
    @OptionalField(key: "rating") var rating: String?
    /// Their comment, personal data redacted.
    @OptionalField(key: "feedback_comment") var feedbackComment: String?
    @OptionalField(key: "rated_at") var ratedAt: Date?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @OptionalField(key: "reviewer") var reviewer: String?
    /// What was retrieved, with scores, as JSON: `[{"kind": "service"|"passage", "id": …, "score": …}]` (see `AddTurnRetrieval`).
    @OptionalField(key: "retrieval") var retrieval: String?
    /// Who answered: `offline` (the composer), `curated` (a reviewer's answer), or the model endpoint's host.
    @OptionalField(key: "provider") var provider: String?

    init() {}
}

/// A message left for staff (留言) when the assistant could not help.
final class AssistantTicketRecord: Model, @unchecked Sendable {
    static let schema = "assistant_tickets"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "session_id") var sessionID: String?
    /// What the person wrote and how to reach them, both sealed by `PersonalDataVault`.
    @Field(key: "message") var message: String
    @OptionalField(key: "contact") var contact: String?
    @Field(key: "status") var status: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
