/// What a bundle means for one applicant's situation: the components that apply and the order they
/// run in, one material list, one form, and what bundling saves against applying item by item —
/// computed from the catalog's own data, never quoted.
public struct BundlePlan: Sendable, Equatable {
    public let bundle: LifeEventBundle
    public let answers: [String: String]
    public let components: [PlannedComponent]
    public let materials: [BundleMaterial]
    public let fields: [BundleField]
    public let itemByItem: Effort
    public let bundled: Effort

    /// What the applicant spends: materials to hand in, fields to type, visits, and working days.
    public struct Effort: Codable, Sendable, Equatable {
        /// Materials on the lists, and of those the ones to upload (the rest come from e-certificates
        /// or from another component).
        public let listedMaterials: Int
        public let uploads: Int
        /// Required fields the applicant types (not pre-filled from the account or a result).
        public let typedFields: Int
        public let visits: Int
        /// Item by item: the sum of the items' promises; bundled: the bundle's promise.
        public let promisedDays: Int
    }
}

/// A component as it applies: with its item, its place in the order and its promise.
public struct PlannedComponent: Sendable, Equatable {
    public let item: ServiceItem
    /// Applicable components it waits for.
    public let after: [String]
    /// Working days promised inside the bundle (the component's own, else the item's).
    public let promisedDays: Int
    /// Earliest working day it can end if every earlier component takes its full promise.
    public let latestEndDay: Int
    public let ifRefused: RefusalEffect

    public var code: String { item.code }
}

/// A situation answer that is missing, not one of the choices, or contradicts another; Chinese,
/// naming the question.
public struct SituationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let question: String
    public let message: String

    public var description: String { message }
}

public enum BundlePlanner {
    /// The plan for `answers`. Every question must be answered with one of its choices, and no
    /// two answers may contradict each other. `items` holds (at least) the bundle's components.
    public static func plan(_ bundle: LifeEventBundle, items: [String: ServiceItem],
                            answers: [String: String]) throws(SituationProblem) -> BundlePlan {
        try check(answers, of: bundle)
        let applicable = bundle.components.filter { $0.when?.allSatisfy { $0.holds(answers) } ?? true }
        let codes = Set(applicable.map(\.item))
        var endDay: [String: Int] = [:]
        var planned: [PlannedComponent] = []
        for component in inOrder(applicable) {
            guard let item = items[component.item] else { continue }  // the validator guarantees it
            let after = (component.after ?? []).filter(codes.contains)
            let days = component.promisedDays ?? item.promisedDays ?? 0
            let end = (after.compactMap { endDay[$0] }.max() ?? 0) + days
            endDay[component.item] = end
            planned.append(PlannedComponent(item: item, after: after, promisedDays: days, latestEndDay: end,
                                            ifRefused: component.ifRefused))
        }
        let materials = bundle.materials.filter { material in
            (material.when?.allSatisfy { $0.holds(answers) } ?? true)
                && material.satisfies.contains { codes.contains($0.item) }
                && (material.producedBy.map(codes.contains) ?? true)
        }
        let fields = bundle.form.fields.filter { $0.fills.contains { codes.contains($0.item) } }
        let components = planned.map(\.item)
        // item by item, the applicant hands in each item's required materials, and those that this
        // situation makes necessary (the bundle names them with a `when`)
        let triggered = Set(materials.filter { $0.when != nil }.flatMap(\.satisfies))
        let itemMaterials = components.flatMap { item in
            item.materials.filter { $0.required || triggered.contains(ItemPart(item: item.code, name: $0.id)) }
        }
        let itemByItem = BundlePlan.Effort(
            listedMaterials: itemMaterials.count,
            uploads: itemMaterials.filter { $0.sharedFrom == nil }.count,
            typedFields: components.reduce(0) { $0 + $1.form.fields.filter(typedByApplicant).count },
            visits: components.reduce(0) { $0 + ($1.visits ?? 0) },
            promisedDays: components.reduce(0) { $0 + ($1.promisedDays ?? 0) }
        )
        let bundled = BundlePlan.Effort(
            listedMaterials: materials.filter { $0.requiredIf == nil }.count,
            uploads: materials.filter { $0.requiredIf == nil && $0.source == .upload }.count,
            typedFields: fields.filter { $0.fromQuestion == nil }.map(\.field).filter(typedByApplicant).count,
            visits: min(bundle.visits, itemByItem.visits),
            // the published promise, or sooner when this situation leaves the longer components out
            promisedDays: min(bundle.promisedDays, planned.map(\.latestEndDay).max() ?? 0)
        )
        return BundlePlan(bundle: bundle, answers: answers, components: planned, materials: materials,
                          fields: fields, itemByItem: itemByItem, bundled: bundled)
    }

    /// Required, asked of everyone, and not pre-filled: what the applicant has to type.
    static func typedByApplicant(_ field: FormField) -> Bool {
        field.required && field.requiredIf == nil && field.prefill == nil
    }

    static func check(_ answers: [String: String], of bundle: LifeEventBundle) throws(SituationProblem) {
        for key in answers.keys.sorted() where !bundle.questions.contains(where: { $0.id == key }) {
            throw SituationProblem(question: key, message: "「\(bundle.name)」没有“\(key)”这个问题")
        }
        for question in bundle.questions {
            guard let answer = answers[question.id], !answer.isEmpty else {
                throw SituationProblem(question: question.id, message: "请回答：\(question.text)")
            }
            guard question.options.contains(answer) else {
                throw SituationProblem(question: question.id,
                                       message: "“\(question.text)”请从以下选项中选择：\(question.options.joined(separator: "、"))")
            }
        }
        for conflict in bundle.conflicts ?? [] where conflict.when.allSatisfy({ $0.holds(answers) }) {
            throw SituationProblem(question: conflict.when.first?.question ?? "", message: conflict.message)
        }
    }

    /// Components so that each comes after those it waits for (catalog order otherwise). The
    /// validator rejects cycles; one that slipped through keeps its catalog place.
    static func inOrder(_ components: [BundleComponent]) -> [BundleComponent] {
        var placed: [BundleComponent] = []
        var remaining = components
        let codes = Set(components.map(\.item))
        while !remaining.isEmpty {
            let done = Set(placed.map(\.item))
            guard let next = remaining.firstIndex(where: { ($0.after ?? []).filter(codes.contains).allSatisfy(done.contains) })
            else { return placed + remaining }
            placed.append(remaining.remove(at: next))
        }
        return placed
    }
}

extension BundlePlanner {
    /// Every situation the questions allow, without the contradictory ones, each with its plan —
    /// what `yiwang eval bundles` reports.
    public static func allPlans(_ bundle: LifeEventBundle, items: [String: ServiceItem]) -> [BundlePlan] {
        var situations: [[String: String]] = [[:]]
        for question in bundle.questions {
            situations = situations.flatMap { answers in
                question.options.map { answers.merging([question.id: $0]) { _, new in new } }
            }
        }
        return situations.compactMap { try? plan(bundle, items: items, answers: $0) }
    }
}
