import Fluent
import Vapor

/// Liveness, readiness and metrics for operators and load balancers.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.healthz, use: health)
        routes.get(.readyz, use: ready)
        routes.get(.metrics, use: metrics)
    }

    struct Status: Content {
        let status: String
        var database: String?
        var detail: String?
    }

    /// The process is up and answering.
    @Sendable func health(req: Request) async throws -> Status {
        Status(status: "ok")
    }

    /// The database answers a query; 503 with a Chinese reason when it does not.
    @Sendable func ready(req: Request) async throws -> Response {
        do {
            try await DatabaseSetup.ping(req.db)
            return try await Status(status: "ok", database: "ok").encodeResponse(for: req)
        } catch {
            req.logger.warning("readiness check failed: \(String(reflecting: error))")
            let response = try await Status(status: "unavailable", database: "unreachable", detail: "数据库暂时无法访问")
                .encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }

    /// Prometheus text exposition, for the scraper holding the metrics token — or, with none
    /// configured, for this machine only: route names and traffic figures are not for the public.
    @Sendable func metrics(req: Request) async throws -> Response {
        try MetricsAccess(token: req.application.yiwangConfig?.metricsToken).check(req)
        let response = Response(status: .ok, body: .init(string: req.application.httpMetrics.exposition()))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain",
                                                     parameters: ["version": "0.0.4", "charset": "utf-8"])
        return response
    }
}
