import Vapor

/// Refuses addresses no page or file can have, before anything reads the disk for them: a path
/// longer than 2,000 bytes is 414 (URI Too Long); a single segment longer than 200 bytes is 404,
/// since no route or file is named so (the static-file lookup would otherwise fail with "File name
/// too long" as a 500).
struct PathLimitMiddleware: AsyncMiddleware {
    static let maxPath = 2000
    static let maxSegment = 200

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        if path.utf8.count > Self.maxPath {
            throw Problem(status: .uriTooLong, detail: "请求地址过长（超过 \(Self.maxPath) 字节）")
        }
        if path.split(separator: "/").contains(where: { $0.utf8.count > Self.maxSegment }) {
            throw Problem(status: .notFound, detail: Problem.defaultDetail(for: .notFound))
        }
        return try await next.respond(to: request)
    }
}
