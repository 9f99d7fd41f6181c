/// A material (申请材料) the applicant provides, with its format rules.
public struct Material: Codable, Sendable, Equatable {
    /// Stable slot id within the item, e.g. `business_licence`.
    public var id: String
    public var name: String
    public var required: Bool
    /// When an optional material is needed after all, e.g. "委托他人办理的".
    public var requiredWhen: String?
    /// The same condition in terms of the form, where one answer says it holds: then the material
    /// is required. Conditions no form field answers stay advice for the applicant.
    public var requiredIf: FieldCondition?
    public var form: MaterialForm
    public var copies: Int
    public var fileTypes: [FileType]
    public var maxSizeMb: Int
    public var maxFiles: Int
    /// Name of the fill-in template (填报模板) where the material is a form.
    public var template: String?
    public var sample: String?
    public var note: String?
    /// An e-certificate or data source that can replace the upload (免提交).
    public var sharedFrom: String?

    public init(
        id: String, name: String, required: Bool, requiredWhen: String? = nil, requiredIf: FieldCondition? = nil,
        form: MaterialForm,
        copies: Int, fileTypes: [FileType], maxSizeMb: Int, maxFiles: Int, template: String? = nil,
        sample: String? = nil, note: String? = nil, sharedFrom: String? = nil
    ) {
        self.id = id; self.name = name; self.required = required; self.requiredWhen = requiredWhen
        self.requiredIf = requiredIf
        self.form = form; self.copies = copies; self.fileTypes = fileTypes; self.maxSizeMb = maxSizeMb
        self.maxFiles = maxFiles; self.template = template; self.sample = sample; self.note = note
        self.sharedFrom = sharedFrom
    }
}

/// 材料形式.
public enum MaterialForm: String, Codable, Sendable, CaseIterable {
    case original = "原件"
    case copy = "复印件"
    case electronic = "电子件"
    case originalOrCopy = "原件或复印件"
    case originalAndCopy = "原件和复印件"
}

/// File types an upload slot accepts; checked by content when files arrive.
public enum FileType: String, Codable, Sendable, CaseIterable {
    case pdf, jpg, png, ofd
}
