import Vapor
import YiwangDomain

/// `/api/v1/certificates`: the holder's wallet, a certificate with its JWS, verification (anyone),
/// shares, revocation; and the seal keys at `/.well-known/jwks.json`.
struct CertificateAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.jwks, use: jwks)
        routes.get(.api(.certificates), use: wallet)
        routes.get(.api(.certificate(.key)), use: show)
        routes.get(.api(.certificateVerification(.key)), use: verification)
        routes.post(.api(.certificateShares(.key)), use: share)
        routes.post(.api(.certificateRevocation(.key)), use: revoke)
    }

    @Sendable func jwks(req: Request) async throws -> Response {
        let response = try await SealKeys(database: req.db).jwks().encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }

    @Sendable func wallet(req: Request) async throws -> [CertificateView] {
        try await CertificateService(platform: req.platform).wallet(of: try req.requireCitizen())
    }

    @Sendable func show(req: Request) async throws -> CertificateView {
        let user = try req.requireSignedIn()
        let service = CertificateService(platform: req.platform)
        return try await service.view(try await service.readable(number: req.parameter(.number), by: user), for: user)
    }

    /// Anyone may check a certificate by its number.
    @Sendable func verification(req: Request) async throws -> CertificateVerifier.Verification {
        let service = CertificateService(platform: req.platform)
        guard let record = try await service.find(number: req.parameter(.number)) else {
            throw ServiceError.notFound("没有找到这个证照编号，请核对后重试")
        }
        return try await service.verify(record)
    }

    struct ShareBody: Content {
        var hours: Int?
    }

    @Sendable func share(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = CertificateService(platform: req.platform)
        let record = try await service.readable(number: req.parameter(.number), by: user)
        let body = try req.optionalContent(ShareBody.self, orIfEmpty: ShareBody())
        return try await service.share(record, hours: body.hours, by: user, audit: req.audit).encodeResponse(status: .created, for: req)
    }

    struct RevokeBody: Content {
        var reason: String?
    }

    @Sendable func revoke(req: Request) async throws -> CertificateVerifier.Verification {
        let staff = try req.requireStaff()
        let service = CertificateService(platform: req.platform)
        guard let record = try await service.find(number: req.parameter(.number)) else { throw ServiceError.notFound("没有找到这个证照") }
        try await service.revoke(record, reason: try req.content.decode(RevokeBody.self).reason, by: staff, audit: req.audit)
        return try await service.verify(try await service.reloaded(record))
    }
}

extension CertificateView: Content {}
extension CertificateShare: Content {}
extension CertificateVerifier.Verification: Content {}
extension SealKeys.JWKSet: Content {}
