import Foundation

/// Scores the assistant on conversations with the expected service for each turn
/// (`{"id", "turns": [{"q", "expect_service", "expect_kind"}]}`, one a line): hit@1, hit@3 and MRR
/// of the expected service, out-of-scope accuracy, follow-up accuracy, a breakdown by kind, and
/// latency.
public struct AssistantEvaluation: Sendable {
    public struct Conversation: Codable, Sendable {
        public struct Turn: Codable, Sendable {
            public let q: String
            public let expectService: String?
            public let expectKind: String?
            /// A life-event turn (`"expect_bundle"` given): the bundle the reply should lead with,
            /// or nil (JSON null) when it must lead with none.
            public let expectBundle: String?
            public let checksBundle: Bool

            enum CodingKeys: String, CodingKey { case q, expectService, expectKind, expectBundle }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                q = try container.decode(String.self, forKey: .q)
                expectService = try container.decodeIfPresent(String.self, forKey: .expectService)
                expectKind = try container.decodeIfPresent(String.self, forKey: .expectKind)
                expectBundle = try container.decodeIfPresent(String.self, forKey: .expectBundle)
                checksBundle = container.contains(.expectBundle)
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(q, forKey: .q)
                try container.encodeIfPresent(expectService, forKey: .expectService)
                try container.encodeIfPresent(expectKind, forKey: .expectKind)
                if checksBundle { try container.encode(expectBundle, forKey: .expectBundle) }
            }
        }
        public let id: String
        public let turns: [Turn]
    }

    public struct TurnResult: Codable, Sendable {
        public let conversation: String
        public let turn: Int
        public let question: String
        public let expected: String?
        public let kind: String?
        public let got: [String]
        public let intent: String
        public let handoff: Bool
        public let rank: Int?
        public let correct: Bool
        public let milliseconds: Double
        /// The bundle the reply led with, if any.
        public var bundle: String? = nil
    }

    public struct KindSummary: Codable, Sendable {
        public var turns = 0
        public var correct = 0
        public var accuracy: Double { turns == 0 ? 0 : Double(correct) / Double(turns) }
    }

    public struct Report: Codable, Sendable {
        public var conversations = 0
        public var turns = 0
        public var hitAt1 = 0.0
        public var hitAt3 = 0.0
        public var mrr = 0.0
        public var outOfScopeAccuracy = 0.0
        public var followUpAccuracy = 0.0
        public var intentAccuracy = 0.0
        public var latencyP50Milliseconds = 0.0
        public var latencyP99Milliseconds = 0.0
        /// Life-event turns: those that should lead with a bundle and did (with the right one),
        /// and those that should not and did anyway.
        public var lifeEventTurns = 0
        public var lifeEventHits = 0
        public var notLifeEventTurns = 0
        public var lifeEventFalseOffers = 0
        public var byKind: [String: KindSummary] = [:]
        public var results: [TurnResult] = []
    }

    public static func parse(_ text: String) throws -> [Conversation] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
            try decoder.decode(Conversation.self, from: Data($0.utf8))
        }
    }

    public static func run(_ conversations: [Conversation], assistant: Assistant) -> Report {
        var report = Report()
        var inScope: [Int?] = [], outOfScope: [Bool] = [], followUps: [Bool] = [], intents: [Bool] = []
        var latencies: [Double] = []
        for conversation in conversations {
            var state = DialogState()
            report.conversations += 1
            for (index, turn) in conversation.turns.enumerated() {
                let start = ContinuousClock.now
                let reply = assistant.respond(to: turn.q, state: &state)
                let elapsed = ContinuousClock.now - start
                let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                latencies.append(milliseconds)
                let names = reply.services.map(\.name)
                var rank: Int?
                let correct: Bool
                let led = reply.actions.first.flatMap { $0.type == "bundle" ? String($0.url.split(separator: "/").last ?? "") : nil }
                if turn.checksBundle {
                    correct = led == turn.expectBundle
                    if turn.expectBundle != nil {
                        report.lifeEventTurns += 1
                        if correct { report.lifeEventHits += 1 }
                    } else {
                        report.notLifeEventTurns += 1
                        if led != nil { report.lifeEventFalseOffers += 1 }
                    }
                } else if let expected = turn.expectService {
                    rank = names.firstIndex(of: expected).map { $0 + 1 }
                    correct = rank == 1
                    inScope.append(rank)
                    if index > 0 { followUps.append(correct) }
                } else {
                    correct = names.isEmpty && (turn.expectKind == "chitchat" ? reply.intent == .chitchat : reply.handoff)
                    outOfScope.append(correct)
                }
                if let kind = turn.expectKind {
                    report.byKind[kind, default: KindSummary()].turns += 1
                    if correct { report.byKind[kind, default: KindSummary()].correct += 1 }
                    intents.append(kind == reply.intent.rawValue)
                }
                report.results.append(TurnResult(
                    conversation: conversation.id, turn: index + 1, question: turn.q, expected: turn.expectService,
                    kind: turn.expectKind, got: names, intent: reply.intent.rawValue, handoff: reply.handoff,
                    rank: rank, correct: correct, milliseconds: milliseconds, bundle: led
                ))
            }
        }
        report.turns = latencies.count
        func share(_ values: [Bool]) -> Double { values.isEmpty ? 0 : Double(values.filter { $0 }.count) / Double(values.count) }
        report.hitAt1 = share(inScope.map { $0 == 1 })
        report.hitAt3 = share(inScope.map { ($0 ?? 99) <= 3 })
        report.mrr = inScope.isEmpty ? 0 : inScope.map { $0.map { 1 / Double($0) } ?? 0 }.reduce(0, +) / Double(inScope.count)
        report.outOfScopeAccuracy = share(outOfScope)
        report.followUpAccuracy = share(followUps)
        report.intentAccuracy = share(intents)
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
        report.latencyP50Milliseconds = percentile(0.5)
        report.latencyP99Milliseconds = percentile(0.99)
        return report
    }
}
