/// Asks a model to phrase an answer, giving up after a timeout. Any failure returns nil: the
/// caller keeps the offline answer.
public enum ModelPhrasing {
    public static func collect(_ model: any AnswerModel, _ request: PhrasingRequest, timeout: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                var text = ""
                do {
                    for try await piece in model.phrase(request) { text += piece }
                } catch {
                    return nil
                }
                return text.isEmpty ? nil : text
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Replies worth phrasing: grounded answers about a service, not refusals or questions back.
    public static func shouldPhrase(_ reply: AssistantReply) -> Bool {
        !reply.citations.isEmpty && ![.chitchat, .outOfScope, .clarify].contains(reply.intent)
    }
}
