import Vapor

/// How pages answer: a template with its context and status, and an action whose refusal comes
/// back on the page it was taken from.
extension Request {
    /// The template rendered with `context`, with `status`.
    func page(_ template: String, _ context: some Encodable, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = try await view.render(template, context).encodeResponse(for: self)
        response.status = status
        return response
    }

    /// Runs a page's action. A refusal the person can act on — bad input, a wrong password or code,
    /// a conflict, not theirs, not found, too many tries — comes back as the page, re-rendered by
    /// `rerender` with the message and its status; the platform's own failures go on to the error
    /// pages. (Who may see the page at all is checked before the action, outside it.)
    func pageAction(_ action: () async throws -> Response,
                    rerender: (_ message: String, _ status: HTTPResponseStatus) async throws -> Response) async throws -> Response {
        do {
            return try await action()
        } catch {
            let problem = Problem(for: error)
            guard problem.status < 500 else { throw error }
            return try await rerender(problem.detail, HTTPResponseStatus(statusCode: problem.status))
        }
    }
}
