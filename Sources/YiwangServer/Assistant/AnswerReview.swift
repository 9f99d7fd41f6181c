import Fluent
import Foundation
import SQLKit
import YiwangDomain
import YiwangSearch

/// An answer a reviewer wrote for a question 小自然 answered badly: from then on the assistant gives
/// it for that question (after the same normalisation), and the knowledge-base version moves.
final class CuratedAnswerRecord: Model, @unchecked Sendable {
    static let schema = "curated_answers"

    @ID(key: .id) var id: UUID?
    /// The question, personal data redacted and normalised (`AnswerReview.key`).
    @Field(key: "question_key") var questionKey: String
    /// The question as it was asked (redacted), for people.
    @Field(key: "question") var question: String
    @Field(key: "answer") var answer: String
    @OptionalField(key: "turn_id") var turnID: UUID?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// The review side of 小自然: feedback on answers (👍/👎 with a comment), the queue of answers to look
/// at (👎, low confidence, handoffs), curated answers, and the figures a supervisor watches.
struct AnswerReview {
    let database: any Database

    /// Below this, an answer goes to the review queue even without a 👎.
    static let lowConfidence = 0.35

    /// How a question is matched against curated answers.
    static func key(_ question: String) -> String {
        TextNormalizer.normalize(PersonalDataRedactor.redact(question))
            .filter { !$0.isWhitespace && !$0.isPunctuation && !"？?！!。，,、".contains($0) }
    }

    /// The curated answer for a question, if a reviewer wrote one.
    func curated(for question: String) async throws -> CuratedAnswerRecord? {
        try await CuratedAnswerRecord.query(on: database).filter(\.$questionKey == Self.key(question))
            .sort(\.$createdAt, .descending).first()
    }

    /// The knowledge base's version with the curated answers counted in: it moves with each one.
    func version(base: String) async throws -> String {
        let count = try await CuratedAnswerRecord.query(on: database).count()
        return count == 0 ? base : "\(base)+c\(count)"
    }

    struct Feedback: Codable, Sendable {
        var sessionId: String?
        var rating: String?
        var comment: String?
    }

    /// 👍 or 👎 on a turn of the caller's own conversation (named by its session id); a later rating replaces an earlier one.
    func rate(turnID raw: String, _ feedback: Feedback, now: Date = Date()) async throws {
        guard let id = UUID(uuidString: raw), let turn = try await AssistantTurnRecord.find(id, on: database),
              let session = feedback.sessionId, !session.isEmpty, turn.sessionID == session else {
            throw ServiceError.notFound("没有找到这条回答")
        }
        var errors = FieldErrors()
        guard let rating = feedback.rating, ["up", "down"].contains(rating) else {
            errors.add("rating", "评价须为 up（有帮助）或 down（没帮助）")
            throw errors
        }
        let comment = (feedback.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard comment.count <= 500 else {
            errors.add("comment", "意见不能超过 500 字")
            throw errors
        }
        turn.rating = rating
        turn.feedbackComment = comment.isEmpty ? nil : PersonalDataRedactor.redact(comment)
        turn.ratedAt = now
        try await turn.update(on: database)
    }

    /// Turns waiting for review: not yet reviewed, and 👎, low confidence or handed off to a person.
    private var waiting: QueryBuilder<AssistantTurnRecord> {
        AssistantTurnRecord.query(on: database).filter(\.$reviewedAt == nil).group(.or) { group in
            group.filter(\.$rating == "down").filter(\.$confidence < Self.lowConfidence).filter(\.$handoff == true)
        }
    }

    /// The answers waiting for review, newest first.
    func queue(limit: Int = 100) async throws -> [AssistantTurnRecord] {
        try await waiting.sort(\.$createdAt, .descending).limit(limit).all()
    }

    struct Figures: Codable, Sendable {
        /// Share of in-scope questions answered without handing off to a person.
        let coverage: Double?
        /// 👍 among rated answers.
        let helpfulRate: Double?
        let rated: Int
        let backlog: Int
        let curated: Int
    }

    func figures() async throws -> Figures {
        let inScope = try await AssistantTurnRecord.query(on: database).filter(\.$intent != "out_of_scope").count()
        let answered = try await AssistantTurnRecord.query(on: database).filter(\.$intent != "out_of_scope").filter(\.$handoff == false).count()
        let up = try await AssistantTurnRecord.query(on: database).filter(\.$rating == "up").count()
        let rated = try await AssistantTurnRecord.query(on: database).filter(\.$rating != nil).count()
        let backlog = try await waiting.count()
        return Figures(coverage: inScope == 0 ? nil : Double(answered) / Double(inScope), helpfulRate: rated == 0 ? nil : Double(up) / Double(rated),
                       rated: rated, backlog: backlog, curated: try await CuratedAnswerRecord.query(on: database).count())
    }

    /// Writes the correct answer for a turn's question (curated from now on), or only marks the turn
    /// reviewed when `answer` is nil; audited.
    func review(turnID raw: String, answer: String?, by staff: SignedIn, audit: AuditLog, now: Date = Date()) async throws {
        guard let id = UUID(uuidString: raw), let turn = try await AssistantTurnRecord.find(id, on: database) else {
            throw ServiceError.notFound("没有找到这条回答")
        }
        guard turn.reviewedAt == nil else { throw ServiceError.conflict("这条回答已经审核过") }
        var curated: CuratedAnswerRecord?
        if let answer {
            let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (4...2000).contains(text.count) else {
                var errors = FieldErrors()
                errors.add("answer", "请写出正确的回答（4–2000 字）")
                throw errors
            }
            guard !PersonalDataRedactor.containsPersonalData(text) else {
                var errors = FieldErrors()
                errors.add("answer", "回答中不能包含身份证号、手机号或信用代码")
                throw errors
            }
            let record = CuratedAnswerRecord()
            record.questionKey = Self.key(turn.question)
            record.question = turn.question
            record.answer = text
            record.turnID = id
            record.createdBy = staff.staffLabel
            record.createdAt = now
            curated = record
        }
        let record = curated
        try await database.transaction { database in
            try await record?.create(on: database)
            turn.reviewedAt = now
            turn.reviewer = staff.staffLabel
            try await turn.update(on: database)
            try await audit.record(record == nil ? "assistant.review_dismiss" : "assistant.curate", object: "assistant_turn:\(id)",
                                   detail: record.map { "已写入人工审核答案：\($0.question.prefix(50))" }, on: database)
        }
    }
}

extension AnswerReview {
    /// Staff who answer for 小自然: 管理员, 审批, 审查.
    static func requireReviewer(_ staff: SignedIn) throws {
        guard staff.kind == .staff, !Set(staff.roles).isDisjoint(with: [.admin, .approval, .review]) else {
            throw ServiceError.forbidden("仅管理员和审查、审批人员可以审核智能咨询的回答")
        }
    }

    /// An answer waiting for review, and why it waits.
    struct Item: Codable, Sendable {
        let id: UUID
        let at: String
        let question: String
        let answer: String
        let intent: String
        let confidence: Double
        let handoff: Bool
        let rating: String?
        let comment: String?
        let model: String
        let reasons: String

        init(_ turn: AssistantTurnRecord) {
            var reasons: [String] = []
            if turn.rating == "down" { reasons.append("用户认为没帮助") }
            if turn.confidence < AnswerReview.lowConfidence { reasons.append(String(format: "把握较低（%.2f）", turn.confidence)) }
            if turn.handoff { reasons.append("转人工") }
            id = turn.id ?? UUID()
            at = ChinaTime.format(turn.createdAt)
            question = turn.question
            answer = turn.answer
            intent = turn.intent
            confidence = turn.confidence
            handoff = turn.handoff
            rating = turn.rating
            comment = turn.feedbackComment
            model = turn.model
            self.reasons = reasons.joined(separator: "、")
        }
    }

    /// The figures and the queue, as reviewers see them.
    struct Overview: Codable, Sendable {
        let figures: Figures
        let items: [Item]
    }

    func overview() async throws -> Overview {
        Overview(figures: try await figures(), items: try await queue().map(Item.init))
    }
}
