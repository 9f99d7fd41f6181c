import Fluent
import Vapor

/// Short links for SMS (`/c/{code}` → a path on this site): 8 characters of base62, random.
enum ShortLinks {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// A new short link to `target` (a path starting with `/`); returns the code.
    static func make(to target: String, on database: any Database, now: Date = Date()) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let record = ShortLinkRecord()
        record.id = String((0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
        record.target = target
        record.createdAt = now
        try await record.create(on: database)
        return try record.requireID()
    }

    /// The absolute short URL for a code.
    static func url(code: String, base: String) -> String { base + "/c/" + code }
}

/// `GET /c/{code}`: follows a short link.
struct ShortLinkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("c", ":code", use: follow)
    }

    @Sendable func follow(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        guard code.count == 8, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              let link = try await ShortLinkRecord.find(code, on: req.db), link.target.hasPrefix("/") else {
            throw Problem.notFound("链接不存在或已失效")
        }
        return req.redirect(to: link.target, redirectType: .normal)
    }
}
