/// The one bundle form and the component forms it stands for: what each component's form receives
/// from the merged values, the situation answers, the bundle's presets and the results earlier
/// components hand on; and the checks every component will make, named by the merged field the
/// applicant typed.
public struct BundleForms: Sendable {
    public let plan: BundlePlan

    public init(plan: BundlePlan) { self.plan = plan }

    /// What a granted component hands on to those that wait for it.
    public struct Result: Sendable, Equatable, Codable {
        public let certificateNumber: String
        /// The identity number the result is issued to (for 出生登记: the newborn's new number).
        public let holderIdNumber: String?
        public let holderName: String?

        public init(certificateNumber: String, holderIdNumber: String?, holderName: String? = nil) {
            self.certificateNumber = certificateNumber; self.holderIdNumber = holderIdNumber; self.holderName = holderName
        }
    }

    /// The form the applicant fills: the plan's fields less those the situation answers already give.
    public var schema: FormSchema { FormSchema(fields: plan.fields.filter { $0.fromQuestion == nil }.map(\.field)) }

    /// The materials the applicant uploads once, as upload slots (the rest come from e-certificates,
    /// from earlier components or from the form itself).
    public var uploads: [Material] {
        plan.materials.filter { $0.source == .upload }.map { material in
            Material(id: material.id, name: material.name, required: material.requiredIf == nil, requiredIf: material.requiredIf,
                     form: .electronic, copies: 1, fileTypes: material.fileTypes ?? [.pdf], maxSizeMb: material.maxSizeMb ?? 10,
                     maxFiles: material.maxFiles ?? 1, note: material.note)
        }
    }

    /// The merged values with the answers of the situation questions put in their fields.
    public func completed(_ values: [String: String]) -> [String: String] {
        var values = values
        for field in plan.fields {
            if let question = field.fromQuestion, let answer = plan.answers[question] { values[field.field.name] = answer }
        }
        return values
    }

    /// The form values of the component `item`: each merged value copied (in the item's wording)
    /// into the fields it fills, the bundle's presets, and the results of earlier components.
    public func values(for item: String, merged: [String: String], results: [String: Result] = [:]) -> [String: String] {
        var values: [String: String] = [:]
        let merged = completed(merged)
        for field in plan.fields {
            guard let value = merged[field.field.name], !value.isEmpty else { continue }
            for target in field.fills where target.item == item { values[target.name] = target.value(for: value) }
        }
        guard let component = plan.bundle.component(item) else { return values }
        for (field, value) in component.presets ?? [:] { values[field] = value }
        for fill in component.resultFills ?? [] {
            guard let result = results[fill.from] else { continue }
            switch fill.value {
            case .certificateNumber: values[fill.field] = result.certificateNumber
            case .holderIdNumber: values[fill.field] = result.holderIdNumber
            case .holderName: values[fill.field] = result.holderName
            }
        }
        return values
    }

    /// Fields of `item` that an earlier component's result fills: empty until that result exists.
    public func pendingFields(of item: String) -> Set<String> {
        Set((plan.bundle.component(item)?.resultFills ?? []).map(\.field))
    }

    /// The merged values checked by the merged form's own rules and then by every component's form
    /// (fields still waiting for a result aside). A component's finding is reported on the merged
    /// field that fills it, so that the applicant sees one message where they typed; `normalized`
    /// holds the merged values as they will be stored.
    public func check(_ values: [String: String], today: CivilDate) -> FormValidator.Outcome {
        var outcome = FormValidator(schema: schema, today: today).check(values)
        var reported = Set(outcome.problems.map(\.field) + outcome.missing.map(\.field))
        let sources = mergedSources()
        let labels = Dictionary(plan.fields.map { ($0.field.name, $0.field.label) }, uniquingKeysWith: { first, _ in first })
        for component in plan.components {
            let item = component.item
            let pending = pendingFields(of: item.code)
            let check = FormValidator(schema: item.form, today: today).check(self.values(for: item.code, merged: outcome.normalized))
            for problem in check.problems where !pending.contains(problem.field) {
                let field = sources[ItemPart(item: item.code, name: problem.field)] ?? problem.field
                if reported.insert(field).inserted {
                    outcome.problems.append(FieldProblem(field: field, message: "\(item.name)：\(problem.message)"))
                }
            }
            for missing in check.missing where !pending.contains(missing.field) {
                let field = sources[ItemPart(item: item.code, name: missing.field)] ?? missing.field
                if reported.insert(field).inserted {
                    outcome.missing.append(MissingField(field: field, label: "\(labels[field] ?? missing.label)（\(item.name)需要）"))
                }
            }
        }
        return outcome
    }

    /// For each component field, the merged field that fills it.
    private func mergedSources() -> [ItemPart: String] {
        var sources: [ItemPart: String] = [:]
        for field in plan.fields {
            for target in field.fills where sources[target.part] == nil { sources[target.part] = field.field.name }
        }
        return sources
    }
}
