import Foundation
import YiwangDomain

/// The form page's view of a draft: each field with its value, choices, error and pre-fill badge;
/// each material with its files; the 提交前检查 panel.
struct ApplicationFormView: Encodable {
    struct Field: Encodable {
        let name: String
        let label: String
        let inputType: String
        let kind: String
        let value: String
        let options: [Option]
        let required: Bool
        let conditional: String?
        let help: String?
        let error: String?
        let source: String?
        let locked: Bool
        /// An area field's picker: Hunan's counties by prefecture (GB/T 2260).
        let groups: [OptionGroup]
        /// A value the picker does not list (typed in 边聊边办, or a whole prefecture), kept as it is.
        let otherValue: String?
    }

    struct Option: Encodable {
        let value: String
        var label: String? = nil
        let selected: Bool
    }

    struct OptionGroup: Encodable {
        let label: String
        let options: [Option]
    }

    /// Hunan's counties, grouped by prefecture, with `value` chosen.
    static func areaGroups(selected value: String) -> [OptionGroup] {
        HunanDivisions.areaChoices.map { prefecture in
            OptionGroup(label: prefecture.prefecture,
                        options: prefecture.areas.map { Option(value: $0.value, label: $0.county, selected: $0.value == value) })
        }
    }

    /// Where the form's buttons go: an item's draft, or a 一件事's.
    struct Links: Encodable {
        let back: String
        let backLabel: String
        let save: String
        let upload: String
        /// The API address the page saves to as the person types.
        let autosave: String
        /// The delete address of a file, by file id.
        let deleteFile: @Sendable (UUID) -> String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(back, forKey: .back)
            try container.encode(backLabel, forKey: .backLabel)
            try container.encode(save, forKey: .save)
            try container.encode(upload, forKey: .upload)
            try container.encode(autosave, forKey: .autosave)
        }

        enum CodingKeys: String, CodingKey { case back, backLabel, save, upload, autosave }

        static func item(_ draft: UUID, code: String, name: String) -> Links {
            Links(back: SiteURL.guide(.value(code)).path, backLabel: "\(name) 办事指南",
                  save: SiteURL.application(.value(draft.uuidString)).path, upload: SiteURL.applicationMaterials(.value(draft.uuidString)).path,
                  autosave: SiteURL.api(.application(.value(draft.uuidString))).path,
                  deleteFile: { SiteURL.applicationFileDelete(.value(draft.uuidString), .value($0.uuidString)).path })
        }
    }

    /// A file in a slot, with where to delete it.
    struct SlotFile: Encodable {
        let id: UUID
        let name: String
        let sizeText: String
        let deleteURL: String
    }

    struct MaterialSlot: Encodable {
        let id: String
        let name: String
        let requirement: String
        let formats: String
        let maxSizeMb: Int
        let maxFiles: Int
        let note: String?
        let files: [SlotFile]
        let missing: Bool
        let full: Bool
        let accept: String
        /// Where its files are sent (the page's upload form).
        let uploadURL: String
        /// Files it may still take.
        let room: Int
        /// Named in the clerk's 补正 notice.
        var requested = false
    }

    let draftId: UUID
    let version: Int
    let serviceCode: String
    let serviceName: String
    let links: Links
    let fields: [Field]
    let materials: [MaterialSlot]
    let review: ApplicationReview

    init(draft: ApplicationDraft, item: ServiceItem, supplementing: Bool = false) {
        self.init(draft: draft, form: item.form, materials: item.materials,
                  links: .item(draft.id, code: item.code, name: item.name), supplementing: supplementing)
    }

    /// - Parameter supplementing: the case waits for 补正: each material may take as many files again
    ///   (new evidence is added beside what the clerk has already seen, never in its place).
    init(draft: ApplicationDraft, form: FormSchema, materials: [Material], links: Links, supplementing: Bool = false) {
        draftId = draft.id
        version = draft.version
        serviceCode = draft.serviceCode
        serviceName = draft.serviceName
        self.links = links
        review = draft.review
        let errors = Dictionary(draft.review.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        fields = form.fields.map { field in
            let value = draft.values[field.name] ?? ""
            // where a value came from, only while it is still that value: not under what the person typed
            let prefilled = draft.prefilled[field.name].flatMap { $0.locked || $0.value == value ? $0 : nil }
            return Field(
                name: field.name, label: field.label, inputType: Self.inputType(field.type),
                kind: field.type == .select ? "select" : field.type == .textarea ? "textarea" : field.type == .area ? "area" : "input",
                value: value, options: (field.options ?? []).map { Option(value: $0, selected: $0 == value) },
                required: field.required, conditional: field.requiredIf.map { "“\($0.equals)”时必填" },
                help: field.help, error: errors[field.name],
                source: prefilled?.source, locked: prefilled?.locked ?? false,
                groups: field.type == .area ? Self.areaGroups(selected: Self.area(value)) : [],
                otherValue: field.type == .area && !value.isEmpty && !Self.areaValues.contains(Self.area(value)) ? Self.area(value) : nil)
        }
        let missingMaterials = Set(draft.review.missingMaterials.map(\.id))
        self.materials = materials.map { material in
            let files = draft.files.filter { $0.materialId == material.id }
                .map { SlotFile(id: $0.id, name: $0.name, sizeText: $0.sizeText, deleteURL: links.deleteFile($0.id)) }
            return MaterialSlot(
                id: material.id, name: material.name,
                requirement: material.required ? "必交" : (material.requiredWhen.map { "以下情形需提交：\($0)" } ?? "选交"),
                formats: material.fileTypes.map { $0.rawValue.uppercased() }.joined(separator: "、"),
                maxSizeMb: material.maxSizeMb, maxFiles: material.maxFiles, note: material.note, files: files,
                missing: missingMaterials.contains(material.id),
                full: files.count >= material.maxFiles * (supplementing ? 2 : 1),
                accept: material.fileTypes.map { "." + $0.rawValue }.joined(separator: ","),
                uploadURL: links.upload, room: max(0, material.maxFiles * (supplementing ? 2 : 1) - files.count))
        }
    }

    /// An area as the picker lists it: in official names where it is a place in Hunan ("长沙 岳麓区" is
    /// 湖南省长沙市岳麓区), else as written.
    static func area(_ value: String) -> String {
        HunanDivisions.inHunan(value) ?? value
    }

    static let areaValues = Set(HunanDivisions.areaChoices.flatMap { $0.areas.map(\.value) })

    static func inputType(_ type: FieldType) -> String {
        switch type {
        case .date: "date"
        case .phone: "tel"
        case .email: "email"
        case .number, .money: "text"
        default: "text"
        }
    }
}
