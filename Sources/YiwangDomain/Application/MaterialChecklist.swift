/// Which of an item's materials an application still lacks: every required material, and every
/// conditional one whose condition the form's answers meet, that has no file and is not supplied
/// by a shared data source (免提交).
public struct MaterialChecklist: Sendable {
    public let materials: [Material]

    public init(materials: [Material]) { self.materials = materials }

    /// - Parameters:
    ///   - files: how many files each material slot holds.
    ///   - values: the form's answers, for conditional materials.
    ///   - shared: materials a data source supplies, which need no upload.
    public func missing(files: [String: Int], values: [String: String], shared: Set<String> = []) -> [MissingMaterial] {
        materials.compactMap { material in
            guard (files[material.id] ?? 0) == 0, !shared.contains(material.id) else { return nil }
            if material.required { return MissingMaterial(id: material.id, name: material.name, reason: nil) }
            if let condition = material.requiredIf, values[condition.field] == condition.equals {
                return MissingMaterial(id: material.id, name: material.name, reason: material.requiredWhen)
            }
            return nil
        }
    }

    /// Materials that may be needed but that the form cannot tell: shown as advice, never blocking.
    public func advisory(files: [String: Int]) -> [Material] {
        materials.filter { !$0.required && $0.requiredIf == nil && (files[$0.id] ?? 0) == 0 }
    }
}
