import Leaf
import Vapor
import YiwangDomain

extension SiteURL {
    /// The route's path components, for the router.
    var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .constant(let text): .constant(text)
            case .parameter(let key, _): .parameter(key.rawValue)
            }
        }
    }
}

/// Routes are registered from the path table: `routes.get(.caseFile(.key), use: show)`.
extension RoutesBuilder {
    @discardableResult
    func get<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        get(url.pathComponents, use: handler)
    }

    @discardableResult
    func post<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        post(url.pathComponents, use: handler)
    }

    @discardableResult
    func put<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        put(url.pathComponents, use: handler)
    }

    @discardableResult
    func delete<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        delete(url.pathComponents, use: handler)
    }

    /// A route that takes a large body (uploads), collected up to `maxSize`.
    @discardableResult
    func post<R: AsyncResponseEncodable>(_ url: SiteURL, collecting maxSize: ByteCount,
                                         use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        on(.POST, url.pathComponents, body: .collect(maxSize: maxSize), use: handler)
    }
}

/// `#url("caseFile", record.receiptNumber)` in a template: the address from the path table
/// (`SiteURL.pages`), its parameters percent-encoded. An unknown name or a wrong number of values
/// is an error, so a broken link fails the page's test instead of reaching a user.
struct SiteURLTag: LeafTag {
    func render(_ context: LeafContext) throws -> LeafData {
        guard let name = context.parameters.first?.string else {
            throw Abort(.internalServerError, reason: "#url needs the address's name first")
        }
        let values = context.parameters.dropFirst().map { $0.string ?? "" }
        guard let path = SiteURL.named(name, Array(values)) else {
            throw Abort(.internalServerError, reason: "#url(\"\(name)\", …) with \(values.count) values names no address of the path table")
        }
        return .string(path)
    }
}
