/// The JSON API's paths under `/api/v1`, segment by segment.
extension SiteURL.API {
    var segments: [SiteURL.Segment] {
        func c(_ texts: String...) -> [SiteURL.Segment] { texts.map(SiteURL.Segment.constant) }
        func p(_ parameter: SiteURL.Parameter, _ key: SiteURL.Key) -> SiteURL.Segment { .parameter(key, parameter.value) }
        switch self {
        case .services: return c("services")
        case .service(let code): return c("services") + [p(code, .code)]
        case .validate(let code): return c("services") + [p(code, .code)] + c("validate")
        case .startApplication(let code): return c("services") + [p(code, .code)] + c("applications")
        case .departments: return c("departments")
        case .bundles: return c("bundles")
        case .bundle(let code): return c("bundles") + [p(code, .code)]
        case .bundlePlan(let code): return c("bundles") + [p(code, .code)] + c("plan")
        case .bundleValidate(let code): return c("bundles") + [p(code, .code)] + c("validate")
        case .bundleApplication(let id): return c("bundle-applications") + [p(id, .id)]
        case .suggest: return c("suggest")
        case .applications: return c("applications")
        case .application(let id): return c("applications") + [p(id, .id)]
        case .applicationMaterial(let id, let material): return c("applications") + [p(id, .id)] + c("materials") + [p(material, .material)]
        case .applicationFile(let id, let file): return c("applications") + [p(id, .id)] + c("files") + [p(file, .file)]
        case .submit(let id): return c("applications") + [p(id, .id)] + c("submit")
        case .cases: return c("cases")
        case .caseFile(let receipt): return c("cases") + [p(receipt, .receipt)]
        case .caseActions(let receipt): return c("cases") + [p(receipt, .receipt)] + c("actions")
        case .file(let file): return c("files") + [p(file, .file)]
        case .workbenchCases: return c("workbench", "cases")
        case .workbenchCase(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)]
        case .workbenchCaseActions(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)] + c("actions")
        case .workbenchCaseVerification(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)] + c("verification")
        case .workbenchCaseGreenChannel(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)] + c("green-channel")
        case .workbenchCaseReveal(let receipt): return c("workbench", "cases") + [p(receipt, .receipt)] + c("reveal")
        case .greenChannelClasses: return c("workbench", "green-channel-classes")
        case .greenChannelClass(let id): return c("workbench", "green-channel-classes") + [p(id, .id)]
        case .certificates: return c("certificates")
        case .certificate(let number): return c("certificates") + [p(number, .number)]
        case .certificateVerification(let number): return c("certificates") + [p(number, .number)] + c("verification")
        case .certificateShares(let number): return c("certificates") + [p(number, .number)] + c("shares")
        case .certificateRevocation(let number): return c("certificates") + [p(number, .number)] + c("revocation")
        case .authCodes: return c("auth", "codes")
        case .authRegister: return c("auth", "register")
        case .authToken: return c("auth", "token")
        case .me: return c("me")
        case .assistantChat: return c("assistant", "chat")
        case .assistantChatStream: return c("assistant", "chat", "stream")
        case .assistantTickets: return c("assistant", "tickets")
        case .assistantFeedback(let turn): return c("assistant", "turns") + [p(turn, .turn)] + c("feedback")
        case .assistantReview: return c("assistant", "review")
        case .auditHead: return c("audit", "head")
        }
    }
}
