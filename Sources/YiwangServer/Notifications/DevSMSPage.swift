import NIOCore
import Vapor
import YiwangDomain

/// `/dev/sms`: the SMS the platform would have sent, for development and demonstrations. With no
/// SMS gateway configured messages stay in the outbox, and this page shows the latest — only to
/// a browser on the server itself (loopback), since it shows verification codes in clear.
struct DevSMSPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.devSMS, use: page)
    }

    struct Row: Encodable {
        let to: String
        let body: String
        let at: String
        let status: String
        /// The message's link (e.g. to a certificate), made clickable.
        let link: String?
    }

    struct Context: Encodable {
        let meta: PageMeta
        let messages: [Row]
    }

    @Sendable func page(req: Request) async throws -> View {
        // development only: on this machine, and while SMS go to the log provider (never with a real gateway)
        guard Self.isLoopback(req.remoteAddress), req.application.smsGateway.name == "log" else {
            throw ServiceError.notFound("您访问的页面或资源不存在")
        }
        let messages = try await NotificationService(database: req.db).latestSMS(limit: 50)
        let vault = req.application.personalData
        return try await req.view.render("dev-sms", Context(
            meta: PageMeta(title: "开发用短信记录", request: req),
            messages: try messages.map { Row(to: Masking.phone(try vault.open($0.recipient)), body: $0.body,
                                        at: ChinaTime.format($0.createdAt), status: $0.status, link: Self.link(in: $0.body)) }))
    }

    /// The first http(s) URL in a text.
    static func link(in text: String) -> String? {
        guard let start = text.range(of: "http://") ?? text.range(of: "https://") else { return nil }
        let url = text[start.lowerBound...].prefix { !$0.isWhitespace && !"，。；）".contains($0) }
        return String(url)
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip == "127.0.0.1" || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
