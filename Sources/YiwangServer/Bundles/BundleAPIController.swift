import Vapor
import YiwangDomain

/// `/api/v1/bundles`: 一件事 as JSON — the list, one bundle's guide, and its plan for a situation.
struct BundleAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.bundles), use: list)
        routes.get(.api(.bundle(.key)), use: guide)
        routes.post(.api(.bundlePlan(.key)), use: plan)
        routes.post(.api(.bundleValidate(.key)), use: validate)
    }

    struct ListDTO: Content {
        let items: [BundleSummary]
    }

    @Sendable func list(req: Request) async throws -> ListDTO {
        let department = req.query[String.self, at: "department"].flatMap { $0.isEmpty ? nil : $0 }
        if let department, department.count > 32 || !department.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            throw ServiceError.badRequest("部门代码格式不对")
        }
        return ListDTO(items: try await BundleCatalog(platform: req.platform).list(department: department))
    }

    @Sendable func guide(req: Request) async throws -> BundleGuide {
        try await BundleCatalog(platform: req.platform).guide(code: req.parameter(.code))
    }

    struct PlanRequest: Content {
        /// Question id → the chosen option.
        let answers: [String: String]
    }

    /// The plan as the API publishes it.
    struct PlanDTO: Content {
        struct Component: Content {
            let code: String
            let name: String
            let after: [String]
            let promisedDays: Int
            let latestEndDay: Int
            let ifRefused: RefusalEffect
        }

        let code: String
        let answers: [String: String]
        let components: [Component]
        let materials: [BundleMaterial]
        let fields: [BundleField]
        let itemByItem: BundlePlan.Effort
        let bundled: BundlePlan.Effort
    }

    @Sendable func plan(req: Request) async throws -> PlanDTO {
        let body = try req.content.decode(PlanRequest.self)
        let plan = try await BundleCatalog(platform: req.platform).plan(code: req.parameter(.code), answers: body.answers)
        return PlanDTO(
            code: plan.bundle.code, answers: plan.answers,
            components: plan.components.map {
                .init(code: $0.code, name: $0.item.name, after: $0.after, promisedDays: $0.promisedDays,
                      latestEndDay: $0.latestEndDay, ifRefused: $0.ifRefused)
            },
            materials: plan.materials, fields: plan.fields, itemByItem: plan.itemByItem, bundled: plan.bundled
        )
    }

    struct ValidateRequest: Content {
        let answers: [String: String]
        let values: [String: String]?
        /// Upload slot id → files already attached.
        let files: [String: Int]?
    }

    /// The merged form checked as every component will check it; nothing is stored.
    @Sendable func validate(req: Request) async throws -> ApplicationReview {
        let body = try req.content.decode(ValidateRequest.self)
        return try await BundleCatalog(platform: req.platform)
            .check(code: req.parameter(.code), answers: body.answers, values: body.values ?? [:], files: body.files ?? [:])
    }
}

extension BundleSummary: Content {}
extension BundleGuide: Content {}
