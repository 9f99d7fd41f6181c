import Fluent
import Vapor
import YiwangDomain

/// `/api/v1`: checking a form, drafts, materials, submission and the applicant's cases.
struct ApplicationAPIController: RouteCollection {
    /// The largest upload body: the largest material limit (50 MB) and the multipart framing.
    static let maxUploadBody: ByteCount = "52mb"

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.post("services", ":code", "validate", use: validate)
        api.post("services", ":code", "applications", use: start)
        api.get("applications", use: list)
        api.get("applications", ":id", use: show)
        api.put("applications", ":id", use: save)
        api.on(.POST, "applications", ":id", "materials", ":material", body: .collect(maxSize: Self.maxUploadBody), use: upload)
        api.delete("applications", ":id", "files", ":file", use: deleteFile)
        api.post("applications", ":id", "submit", use: submit)
        api.get("cases", use: cases)
        api.get("cases", ":receipt", use: showCase)
        api.get("files", ":file", use: file)
    }

    struct FormBody: Content {
        var values: [String: String]?
        /// Files already attached, per material (for checking before any upload).
        var files: [String: Int]?
        var version: Int?
    }

    /// Checks a partial or complete form without storing anything; anyone may ask.
    @Sendable func validate(req: Request) async throws -> ApplicationReviewDTO {
        let body = try req.content.decode(FormBody.self)
        let service = ApplicationService(request: req)
        let guide = try await service.item(code: req.parameters.get("code") ?? "")
        let values = body.values ?? [:]
        guard values.count <= 200, values.values.allSatisfy({ $0.count <= 10_000 }) else {
            throw Problem(status: .payloadTooLarge, detail: "表单内容过多")
        }
        var review = service.review(item: guide.item, values: values, files: [])
        let counts = body.files ?? [:]
        review.missingMaterials = MaterialChecklist(materials: guide.item.materials).missing(files: counts, values: values)
        review.complete = review.errors.isEmpty && review.missingFields.isEmpty && review.missingMaterials.isEmpty
        return review
    }

    @Sendable func start(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let draft = try await service.start(code: req.parameters.get("code") ?? "", user: user)
        let response = try await service.describe(draft, user: user).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/applications/\(try draft.requireID())")
        return response
    }

    @Sendable func list(req: Request) async throws -> [ApplicationDraftDTO] {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        var result: [ApplicationDraftDTO] = []
        for draft in try await service.drafts(of: user) { result.append(try await service.describe(draft, user: user)) }
        return result
    }

    @Sendable func show(req: Request) async throws -> ApplicationDraftDTO {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        return try await service.describe(try await service.draft(id: req.parameters.get("id") ?? "", user: user), user: user)
    }

    /// Saves typed values (merged into the draft; an empty string clears a field).
    @Sendable func save(req: Request) async throws -> ApplicationDraftDTO {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let draft = try await service.draft(id: req.parameters.get("id") ?? "", user: user)
        let body = try req.content.decode(FormBody.self)
        let problems = try await service.save(draft, values: body.values ?? [:], expectedVersion: body.version, user: user)
        return try await service.describe(draft, user: user, extraProblems: problems)
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let draft = try await service.draft(id: req.parameters.get("id") ?? "", user: user)
        guard let file = (try? req.content.decode(Upload.self))?.file else {
            throw Problem(status: .badRequest, detail: "请选择要上传的文件（multipart/form-data 的 file 字段）")
        }
        let record = try await service.upload(Array(file.data.readableBytesView), fileName: file.filename,
                                              materialID: req.parameters.get("material") ?? "", to: draft)
        return try await UploadedFileDTO(record).encodeResponse(status: .created, for: req)
    }

    @Sendable func deleteFile(req: Request) async throws -> HTTPStatus {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let draft = try await service.draft(id: req.parameters.get("id") ?? "", user: user)
        try await service.deleteFile(id: req.parameters.get("file") ?? "", from: draft)
        return .noContent
    }

    /// Submits; 201 with the new case, or 200 with the case an earlier identical request made.
    @Sendable func submit(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        let draft = try await service.draft(id: req.parameters.get("id") ?? "", user: user)
        let result = try await service.submit(draft, idempotencyKey: req.headers.first(name: "Idempotency-Key"), user: user)
        let response = try await service.describe(result.record).encodeResponse(status: result.created ? .created : .ok, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/cases/\(result.record.receiptNumber)")
        return response
    }

    @Sendable func cases(req: Request) async throws -> [CaseDTO] {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        var result: [CaseDTO] = []
        for record in try await service.cases(of: user) { result.append(try await service.describe(record)) }
        return result
    }

    @Sendable func showCase(req: Request) async throws -> CaseDTO {
        let user = try req.requireCitizen()
        let service = ApplicationService(request: req)
        return try await service.describe(try await service.caseRecord(receipt: req.parameters.get("receipt") ?? "", user: user))
    }

    /// One of the person's uploaded files, served with the type its content showed.
    @Sendable func file(req: Request) async throws -> Response {
        let user = try req.requireCitizen()
        let (record, data) = try await ApplicationService(request: req).file(id: req.parameters.get("file") ?? "", user: user)
        return record.response(data)
    }
}
