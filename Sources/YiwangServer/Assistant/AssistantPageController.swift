import Fluent
import Vapor
import YiwangDomain

/// Pages behind the assistant's links: policy documents it cites, and the 留言 form.
struct AssistantPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.policy(.key), use: policy)
        routes.get(.ticketForm, use: ticketForm)
        routes.post(.tickets, use: submitTicket)
    }

    struct PolicyContext: Encodable {
        let meta: PageMeta
        let policy: PolicyDocument
        let services: [ServiceSummary]
    }

    @Sendable func policy(req: Request) async throws -> View {
        let platform = req.platform
        let (policy, services) = try await platform.search.policy(id: req.parameter(.id), platform: platform)
        return try await req.view.render("policy", PolicyContext(
            meta: PageMeta(title: policy.title, request: req), policy: policy, services: services
        ))
    }

    struct TicketContext: Encodable {
        let meta: PageMeta
        let message: String
        let contact: String
        let sessionId: String
        let errors: [FieldErrors.Entry]
        let submitted: Bool
    }

    @Sendable func ticketForm(req: Request) async throws -> View {
        try await req.view.render("ticket", TicketContext(
            meta: PageMeta(title: "留言给工作人员", request: req), message: "", contact: "",
            sessionId: req.query[String.self, at: "session_id"] ?? "", errors: [], submitted: false
        ))
    }

    struct TicketForm: Content {
        var message: String?
        var contact: String?
        var sessionId: String?

        enum CodingKeys: String, CodingKey {
            case message, contact
            case sessionId = "session_id"
        }
    }

    /// Stores the message; on bad input the form comes back with what was typed and the reasons.
    @Sendable func submitTicket(req: Request) async throws -> Response {
        let form = (try? req.content.decode(TicketForm.self)) ?? TicketForm()
        var context = TicketContext(meta: PageMeta(title: "留言给工作人员", request: req), message: form.message ?? "",
                                    contact: form.contact ?? "", sessionId: form.sessionId ?? "", errors: [],
                                    submitted: false)
        do {
            _ = try await TicketService(database: req.db, vault: req.application.personalData)
                .create(message: form.message, contact: form.contact, sessionID: form.sessionId)
            context = TicketContext(meta: context.meta, message: "", contact: "", sessionId: "", errors: [], submitted: true)
            return try await req.view.render("ticket", context).encodeResponse(for: req)
        } catch let errors as FieldErrors {
            context = TicketContext(meta: context.meta, message: context.message, contact: context.contact,
                                    sessionId: context.sessionId, errors: errors.entries, submitted: false)
            let response = try await req.view.render("ticket", context).encodeResponse(for: req)
            response.status = .badRequest
            return response
        }
    }
}
