import Vapor

/// Gives every request an id (the caller's `X-Request-Id` when it is well-formed), puts it on the
/// request's logger and the response, and writes one access line per request. Only the path is
/// logged, never the query string, which may hold personal data.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = Self.requestID(from: request.headers.first(name: .xRequestId))
        request.logger[metadataKey: "request-id"] = .string(id)
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .xRequestId, value: id)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.url.path),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.2f", milliseconds)),
        ])
        return response
    }

    static func requestID(from header: String?) -> String {
        if let header, (8...64).contains(header.count),
           header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            return header
        }
        return UUID().uuidString.lowercased()
    }
}
