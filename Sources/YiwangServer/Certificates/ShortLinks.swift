import Fluent
import Foundation
import YiwangDomain

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

    /// A short link to `target`, as an absolute URL to send.
    static func absolute(to target: SiteURL, platform: Platform) async throws -> String {
        platform.links.absolute(.shortLink(.value(try await make(to: target.path, on: platform.database, now: platform.now))))
    }

    /// The path a short link leads to, or 404.
    static func target(of code: String, on database: any Database) async throws -> String {
        guard code.count == 8, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              let link = try await ShortLinkRecord.find(code, on: database), link.target.hasPrefix("/") else {
            throw ServiceError.notFound("链接不存在或已失效")
        }
        return link.target
    }
}
