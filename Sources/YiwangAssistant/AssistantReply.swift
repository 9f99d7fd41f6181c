/// One answer of the assistant, with everything needed to show it and to trace it.
public struct AssistantReply: Sendable, Codable, Equatable {
    public struct Service: Sendable, Codable, Equatable {
        public let code: String
        public let name: String
        public let department: String
        public let score: Double
    }

    public struct Citation: Sendable, Codable, Equatable {
        public let id: String
        public let title: String
        public let snippet: String
        public let url: String
    }

    public struct Action: Sendable, Codable, Equatable {
        public let type: String
        public let label: String
        public let url: String

        public init(type: String, label: String, url: String) {
            self.type = type
            self.label = label
            self.url = url
        }
    }

    public var answer: String
    public var intent: Intent
    public var services: [Service]
    public var citations: [Citation]
    public var actions: [Action]
    /// True when a person should take over: the hall's phone and the message form are offered.
    public var handoff: Bool
    public var kbVersion: String
    public var model: String
    /// How sure the assistant is that it understood (0–1), for the review queue.
    public var confidence: Double
}

/// What the assistant remembers of a conversation between turns.
public struct DialogState: Sendable, Codable, Equatable {
    /// The service being talked about.
    public var focusCode: String?
    /// The 一件事 last offered as a whole, while its item is in focus: "我要申请" then applies for the bundle.
    public var focusBundle: String?
    /// Services offered when the question was ambiguous, for "第一个" / "后面那个".
    public var offeredCodes: [String] = []
    public var lastIntent: Intent?
    public var turns = 0
    /// An application being filled in by conversation (边聊边办), if any.
    public var application: ApplicationDialog.State?

    public init() {}
}
