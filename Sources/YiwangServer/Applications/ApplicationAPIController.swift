import Vapor
import YiwangDomain

/// `/api/v1`: checking a form, drafts, materials, submission and the applicant's cases.
struct ApplicationAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.api(.validate(.key)), use: validate)
        routes.post(.api(.startApplication(.key)), use: start)
        routes.get(.api(.applications), use: list)
        routes.get(.api(.application(.key)), use: show)
        routes.put(.api(.application(.key)), use: save)
        routes.post(.api(.applicationMaterial(.key, .key)), collecting: .upload, use: upload)
        routes.delete(.api(.applicationFile(.key, .key)), use: deleteFile)
        routes.post(.api(.submit(.key)), use: submit)
        routes.get(.api(.cases), use: cases)
        routes.get(.api(.caseFile(.key)), use: showCase)
        routes.get(.api(.file(.key)), use: file)
    }

    struct FormBody: Content {
        var values: [String: String]?
        /// Files already attached, per material (for checking before any upload).
        var files: [String: Int]?
        var version: Int?
    }

    /// Checks a partial or complete form without storing anything; anyone may ask.
    @Sendable func validate(req: Request) async throws -> ApplicationReview {
        let body = try req.content.decode(FormBody.self)
        return try await ApplicationService(platform: req.platform)
            .check(code: req.parameter(.code), values: body.values ?? [:], files: body.files ?? [:])
    }

    @Sendable func start(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        let draft = try await service.start(code: req.parameter(.code), user: user)
        let response = try await service.describe(draft, user: user).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: SiteURL.api(.application(.value(try draft.requireID().uuidString))).path)
        return response
    }

    @Sendable func list(req: Request) async throws -> [ApplicationDraft] {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        var result: [ApplicationDraft] = []
        for draft in try await service.drafts(of: user) { result.append(try await service.describe(draft, user: user)) }
        return result
    }

    @Sendable func show(req: Request) async throws -> ApplicationDraft {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        return try await service.describe(try await service.draft(id: req.parameter(.id), user: user), user: user)
    }

    /// Saves typed values (merged into the draft; an empty string clears a field).
    @Sendable func save(req: Request) async throws -> ApplicationDraft {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        let draft = try await service.draft(id: req.parameter(.id), user: user)
        let body = try req.content.decode(FormBody.self)
        let problems = try await service.save(draft, values: body.values ?? [:], expectedVersion: body.version, user: user)
        return try await service.describe(draft, user: user, extraProblems: problems)
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        let draft = try await service.draft(id: req.parameter(.id), user: user)
        guard let file = (try? req.content.decode(Upload.self))?.file else {
            throw ServiceError.badRequest("请选择要上传的文件（multipart/form-data 的 file 字段）")
        }
        let record = try await service.upload(Array(file.data.readableBytesView), fileName: file.filename,
                                              materialID: req.parameter(.material), to: draft)
        return try await UploadedFile(record).encodeResponse(status: .created, for: req)
    }

    @Sendable func deleteFile(req: Request) async throws -> HTTPStatus {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        let draft = try await service.draft(id: req.parameter(.id), user: user)
        try await service.deleteFile(id: req.parameter(.file), from: draft)
        return .noContent
    }

    /// Submits; 201 with the new case, or 200 with the case an earlier identical request made.
    @Sendable func submit(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(platform: req.platform)
        let draft = try await service.draft(id: req.parameter(.id), user: user)
        let result = try await service.submit(draft, idempotencyKey: req.headers.first(name: "Idempotency-Key"), user: user)
        let response = try await service.describe(result.record).encodeResponse(status: result.created ? .created : .ok, for: req)
        response.headers.replaceOrAdd(name: .location, value: SiteURL.api(.caseFile(.value(result.record.receiptNumber))).path)
        return response
    }

    @Sendable func cases(req: Request) async throws -> [CaseSummary] {
        try await ApplicationService(platform: req.platform).caseSummaries(of: try req.requireCitizen())
    }

    @Sendable func showCase(req: Request) async throws -> CaseSummary {
        let service = ApplicationService(platform: req.platform)
        return try await service.describe(try await service.caseRecord(receipt: req.parameter(.receipt), user: try req.requireCitizen()))
    }

    /// One of the person's uploaded files, served with the type its content showed.
    @Sendable func file(req: Request) async throws -> Response {
        let (record, data) = try await ApplicationService(platform: req.platform).file(id: req.parameter(.file), user: try req.requireCitizen())
        return record.response(data)
    }
}
