import Fluent
import Vapor
import YiwangDomain

/// `/api/v1/certificates`: the holder's wallet, a certificate with its JWS, verification (anyone),
/// shares, revocation; and the seal keys at `/.well-known/jwks.json`.
struct CertificateAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(".well-known", "jwks.json", use: jwks)
        let api = routes.grouped("api", "v1", "certificates")
        api.get(use: wallet)
        api.get(":number", use: show)
        api.get(":number", "verification", use: verification)
        api.post(":number", "shares", use: share)
        api.post(":number", "revocation", use: revoke)
    }

    struct CertificateDTO: Content {
        let number: String
        let typeName: String
        let issuer: String
        let holderName: String
        /// 统一社会信用代码 or 居民身份证号码.
        let holderIDType: String
        /// In clear for the holder; masked (a person's ID number) for staff.
        let holderID: String
        let issuedOn: String
        let validUntil: String?
        let status: String
        let statusLabel: String
        let claims: [CertificateDocument.Claim]
        /// The signed certificate (compact JWS, ES256): checkable offline with `/.well-known/jwks.json`. Holder only.
        let jws: String?
        let url: String
        let verifyURL: String
    }

    /// The holder sees their certificate whole; anyone else (staff of the issuing department) the ID masked, and no JWS.
    static func dto(_ record: CertificateRecord, verification: CertificateService.Verification, holder: Bool,
                    vault: PersonalDataVault) throws -> CertificateDTO {
        return CertificateDTO(number: record.number, typeName: record.typeName, issuer: record.departmentName, holderName: record.holderName,
                              holderIDType: record.holderKind == CertificateHolderKind.enterprise.rawValue ? "统一社会信用代码" : "居民身份证号码",
                              holderID: holder ? try record.holderID(vault) : verification.holderID, issuedOn: record.issuedOn,
                              validUntil: record.validUntil, status: verification.status, statusLabel: verification.statusLabel,
                              claims: try record.claims(vault), jws: holder ? try record.jws(vault) : nil, url: "/certificates/\(record.number)",
                              verifyURL: "/verify/\(record.number)")
    }

    @Sendable func jwks(req: Request) async throws -> Response {
        let response = try await SealKeys(database: req.db).jwks().encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }

    @Sendable func wallet(req: Request) async throws -> [CertificateDTO] {
        let user = try req.requireCitizen()
        let service = CertificateService(request: req)
        var items: [CertificateDTO] = []
        for record in try await service.wallet(of: user) {
            items.append(try Self.dto(record, verification: try await service.verify(record), holder: true, vault: service.vault))
        }
        return items
    }

    @Sendable func show(req: Request) async throws -> CertificateDTO {
        let user = try req.requireSignedIn()
        let service = CertificateService(request: req)
        let record = try await service.readable(number: req.parameters.get("number") ?? "", by: user)
        return try Self.dto(record, verification: try await service.verify(record), holder: try await service.isHolder(record, user),
                            vault: service.vault)
    }

    /// Anyone may check a certificate by its number.
    @Sendable func verification(req: Request) async throws -> CertificateService.Verification {
        let service = CertificateService(request: req)
        guard let record = try await service.find(number: req.parameters.get("number") ?? "") else {
            throw Problem.notFound("没有找到这个证照编号，请核对后重试")
        }
        return try await service.verify(record)
    }

    struct ShareRequest: Content {
        var hours: Int?
    }

    struct Share: Content {
        let url: String
        let expiresAt: Date
    }

    @Sendable func share(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = CertificateService(request: req)
        let record = try await service.readable(number: req.parameters.get("number") ?? "", by: user)
        let form = (try? req.content.decode(ShareRequest.self)) ?? ShareRequest()
        let link = try await service.share(record, hours: form.hours, by: user, audit: AuditLog(request: req))
        return try await Share(url: (req.application.yiwangConfig?.publicBaseURL ?? "") + "/shared/\(link.token)", expiresAt: link.expiresAt)
            .encodeResponse(status: .created, for: req)
    }

    struct RevokeRequest: Content {
        var reason: String?
    }

    @Sendable func revoke(req: Request) async throws -> CertificateService.Verification {
        let staff = try req.requireStaff()
        let service = CertificateService(request: req)
        guard let record = try await service.find(number: req.parameters.get("number") ?? "") else { throw Problem.notFound("没有找到这个证照") }
        try await service.revoke(record, reason: try req.content.decode(RevokeRequest.self).reason, by: staff, audit: AuditLog(request: req))
        guard let fresh = try await CertificateRecord.find(record.id, on: req.db) else { throw Problem.notFound("没有找到这个证照") }
        return try await service.verify(fresh)
    }
}
