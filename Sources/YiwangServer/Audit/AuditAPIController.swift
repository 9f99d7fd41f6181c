import Crypto
import Vapor
import YiwangDomain

/// `GET /api/v1/audit/head`: the latest signed head of the audit chain and the key it is signed
/// with, for anyone to keep and check later — like a transparency log's signed tree head. It tells
/// how many records the chain has and the last hash, nothing of what they say.
struct AuditAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.auditHead), use: head)
    }

    struct PublishedHead: Content {
        let size: Int
        let hash: String
        let at: Date
        let signature: String
        let algorithm: String
        /// The head-signing key's public half: x‖y of the P-256 point, base64.
        let publicKey: String
    }

    @Sendable func head(req: Request) async throws -> PublishedHead {
        guard let keys = req.application.auditKeys,
              let head = try await AuditChain(database: req.db, keys: keys).latestHead() else {
            throw ServiceError.notFound("审计链尚未公布链头")
        }
        return PublishedHead(size: head.size, hash: head.hash, at: head.at, signature: head.signature, algorithm: "ES256",
                             publicKey: keys.publicKey.rawRepresentation.base64EncodedString())
    }
}
