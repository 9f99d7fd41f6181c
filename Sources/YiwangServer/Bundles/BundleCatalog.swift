import Fluent
import Foundation
import YiwangDomain

/// 一件事 as the public reads them: the list (all, or those a department takes part in), one
/// bundle's guide, and what it means for one applicant's answers.
struct BundleCatalog {
    let platform: Platform

    /// Every bundle, 个人 before 企业, or those `department` leads or takes part in.
    func list(department: String? = nil) async throws -> [BundleSummary] {
        let names = try await departmentNames()
        return try await BundleRecord.query(on: platform.database).sort(\.$id).all()
            .map { try $0.decoded() }
            .filter { bundle in department.map { bundle.departments.contains($0.uppercased()) } ?? true }
            .sorted { ($0.lifeCycle == .person ? 0 : 1, $0.code) < ($1.lifeCycle == .person ? 0 : 1, $1.code) }
            .map { bundle in
                BundleSummary(code: bundle.code, name: bundle.name, lifeCycle: bundle.lifeCycle.rawValue, stage: bundle.stage,
                              summary: bundle.summary, departments: bundle.departments.map { names[$0] ?? $0 },
                              componentCount: bundle.components.count, promisedDays: bundle.promisedDays,
                              deliveredTogether: bundle.deliveredTogether,
                              url: SiteURL.bundle(.value(bundle.code)).path)
            }
    }

    /// The bundle of `code` with its components, or 404.
    func guide(code: String) async throws -> BundleGuide {
        let bundle = try await requireBundle(code)
        let guides = try await componentGuides(bundle)
        let departments = try await CatalogRepository(database: platform.database).departments()
        return BundleGuide(
            bundle: bundle,
            components: bundle.components.compactMap { component in
                guard let guide = guides[component.item] else { return nil }
                return BundleGuide.Component(
                    code: component.item, name: guide.item.name, department: guide.department.name,
                    itemPromisedDays: guide.item.promisedDays, promisedDays: component.promisedDays ?? guide.item.promisedDays,
                    after: component.after ?? [], when: component.when ?? [],
                    url: SiteURL.guide(.value(component.item)).path)
            },
            departments: bundle.departments.compactMap { code in departments.first { $0.code == code } }
        )
    }

    /// The plan for `answers`; 400 naming the question when one is missing, not offered or
    /// contradicts another.
    func plan(code: String, answers: [String: String]) async throws -> BundlePlan {
        try await plan(try await requireBundle(code), answers: answers)
    }

    private func plan(_ bundle: LifeEventBundle, answers: [String: String]) async throws -> BundlePlan {
        let items = try await componentGuides(bundle).mapValues(\.item)
        do {
            return try BundlePlanner.plan(bundle, items: items, answers: answers)
        } catch {
            var fields = FieldErrors()
            fields.add(error.question, error.message)
            throw ServiceError.unprocessable(error.message, fields: fields)
        }
    }

    /// A bundle's merged form checked as every component will check it, without storing anything:
    /// what the bundle's validate endpoint answers. `files` counts the files per upload slot.
    func check(code: String, answers: [String: String], values: [String: String], files: [String: Int]) async throws -> ApplicationReview {
        let bundle = try await requireBundle(code)  // an unknown bundle is 404 whatever the body, as for items
        try ApplicationService.checkSize(values: values, files: files)
        return review(forms: BundleForms(plan: try await plan(bundle, answers: answers)), values: values, files: files)
    }

    /// The merged form's values checked as every component will check them, and the upload slots
    /// against `files` (files per slot): the validate endpoint's answer and the form page's panel.
    func review(forms: BundleForms, values: [String: String], files: [String: Int]) -> ApplicationReview {
        ApplicationReview(values: forms.completed(values), outcome: forms.check(values, today: platform.today),
                          validator: FormValidator(schema: forms.schema, today: platform.today),
                          materials: forms.uploads, files: files)
    }

    func requireBundle(_ code: String) async throws -> LifeEventBundle {
        guard code.count <= 64, let record = try await BundleRecord.find(code, on: platform.database) else {
            throw ServiceError.notFound("没有找到这个一件事")
        }
        return try record.decoded()
    }

    private func componentGuides(_ bundle: LifeEventBundle) async throws -> [String: ServiceGuide] {
        var guides: [String: ServiceGuide] = [:]
        for component in bundle.components {
            guides[component.item] = try await platform.catalog.requireGuide(code: component.item, on: platform.database)
        }
        return guides
    }

    private func departmentNames() async throws -> [String: String] {
        Dictionary(try await CatalogRepository(database: platform.database).departments().map { ($0.code, $0.name) },
                   uniquingKeysWith: { first, _ in first })
    }
}
