import Vapor
import YiwangDomain

/// `/api/v1/workbench`: the clerk's queue, case files and actions, 一键核验, 绿色通道, revealing
/// applicant data; and the applicant's own actions on a case (补正后重新提交, 撤回).
struct WorkbenchAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.workbenchCases), use: queue)
        routes.get(.api(.workbenchCase(.key)), use: show)
        routes.post(.api(.workbenchCaseActions(.key)), use: act)
        routes.post(.api(.workbenchCaseVerification(.key)), use: verify)
        routes.post(.api(.workbenchCaseGreenChannel(.key)), use: markGreen)
        routes.post(.api(.workbenchCaseReveal(.key)), use: reveal)
        routes.get(.api(.greenChannelClasses), use: greenClasses)
        routes.post(.api(.greenChannelClasses), use: addGreenClass)
        routes.delete(.api(.greenChannelClass(.key)), use: removeGreenClass)
        routes.post(.api(.caseActions(.key)), use: applicantAct)
    }

    @Sendable func queue(req: Request) async throws -> QueuePage {
        try await Workbench(platform: req.platform).queue(for: try req.requireStaff(), filter: CaseQueue.Filter(req))
    }

    @Sendable func show(req: Request) async throws -> CaseDetail {
        CaseDetail(try await Workbench(platform: req.platform).caseFile(receipt: req.parameter(.receipt), for: try req.requireStaff()))
    }

    @Sendable func act(req: Request) async throws -> QueueEntry {
        let staff = try req.requireStaff()
        let workflow = WorkflowService(platform: req.platform)
        let record = try await workflow.caseRecord(receipt: req.parameter(.receipt), staff: staff)
        let done = try await workflow.act(on: record, try req.content.decode(CaseCommand.self), by: .staff(staff))
        return try await Workbench(platform: req.platform).entry(done)
    }

    /// 一键核验: the case's identities against the registries; recorded on the timeline.
    @Sendable func verify(req: Request) async throws -> VerificationResult {
        VerificationResult(try await WorkflowService(platform: req.platform).verify(receipt: req.parameter(.receipt), by: try req.requireStaff()))
    }

    @Sendable func markGreen(req: Request) async throws -> QueueEntry {
        let staff = try req.requireStaff()
        let workflow = WorkflowService(platform: req.platform)
        let record = try await workflow.caseRecord(receipt: req.parameter(.receipt), staff: staff)
        let body = try req.content.decode(GreenChannelBody.self)
        let done = try await workflow.markGreenChannel(record, reason: body.reason, version: body.version, by: staff)
        return try await Workbench(platform: req.platform).entry(done)
    }

    /// The applicant's data in clear, with a reason; the view is audited.
    @Sendable func reveal(req: Request) async throws -> RevealedApplicantDTO {
        let staff = try req.requireStaff()
        let workflow = WorkflowService(platform: req.platform)
        let record = try await workflow.caseRecord(receipt: req.parameter(.receipt), staff: staff)
        let body = try req.content.decode(RevealBody.self)
        return RevealedApplicantDTO(try await workflow.revealApplicant(record, reason: body.reason, by: staff, audit: req.audit))
    }

    /// The department's 绿色通道 classes of applicants.
    @Sendable func greenClasses(req: Request) async throws -> [GreenChannelClasses.Entry] {
        let staff = try req.requireStaff()
        return try await GreenChannelClasses(platform: req.platform).entries(department: staff.departmentCode ?? "")
    }

    @Sendable func addGreenClass(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let record = try await GreenChannelClasses(platform: req.platform)
            .create(try req.content.decode(GreenChannelClasses.Form.self), by: staff, audit: req.audit)
        return try await GreenChannelClasses.Entry(record).encodeResponse(status: .created, for: req)
    }

    @Sendable func removeGreenClass(req: Request) async throws -> HTTPStatus {
        let staff = try req.requireStaff()
        _ = try await GreenChannelClasses(platform: req.platform).delete(id: req.parameter(.id), by: staff, audit: req.audit)
        return .noContent
    }

    /// The applicant's own actions: resubmitting after 补正, withdrawing before acceptance.
    @Sendable func applicantAct(req: Request) async throws -> QueueEntry {
        let user = try req.requireCitizen()
        let record = try await ApplicationService(platform: req.platform).caseRecord(receipt: req.parameter(.receipt), user: user)
        let done = try await WorkflowService(platform: req.platform)
            .act(on: record, try req.content.decode(CaseCommand.self), by: .applicant(user))
        return try await Workbench(platform: req.platform).entry(done)
    }
}
