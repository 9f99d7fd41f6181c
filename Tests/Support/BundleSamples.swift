import YiwangDomain

/// Complete merged forms for any bundle, built from the form's own field types and checked by the
/// same `BundleForms.check` the platform runs: what the end-to-end tests of every bundle submit.
public enum BundleSamples {
    /// A person born 1964-03-05 in 长沙市芙蓉区 (old enough to retire), and another.
    public static let older = "430102196403050017"
    public static let other = "430102198703150027"

    /// The first option of every situation question.
    public static func firstAnswers(_ bundle: LifeEventBundle) -> [String: String] {
        Dictionary(uniqueKeysWithValues: bundle.questions.map { ($0.id, $0.options[0]) })
    }

    /// Values for every field of the merged form: each a value of its type; where a component's
    /// check refuses it, the next candidate (a select's other options, a date after today).
    public static func values(_ forms: BundleForms, today: CivilDate) -> [String: String] {
        var values: [String: String] = [:]
        for field in forms.schema.fields { values[field.name] = sample(field, today: today) }
        for field in forms.schema.fields {
            for candidate in candidates(field, today: today) {
                values[field.name] = candidate
                let outcome = forms.check(values, today: today)
                if !outcome.problems.contains(where: { $0.field == field.name }) { break }
            }
        }
        return values
    }

    static func candidates(_ field: FormField, today: CivilDate) -> [String] {
        switch field.type {
        case .select: field.options ?? []
        case .date: [sample(field, today: today), today.adding(days: 30).description]
        default: [sample(field, today: today)]
        }
    }

    static func sample(_ field: FormField, today: CivilDate) -> String {
        switch field.type {
        case .idNumber: field.name.contains("applicant") || field.name.contains("deceased") || field.name.contains("retiree") ? older : other
        case .phone: "13800000001"
        case .date: CivilDate(year: today.year, month: today.month, day: 1)?.description ?? "2026-12-01"
        case .select: field.options?.first ?? ""
        case .area: "湖南省长沙市芙蓉区"
        case .address: "湖南省长沙市芙蓉区五一大道1号"
        case .money: "100000"
        case .number: "1"
        case .email: "test@example.com"
        case .uscc: "91430100MA4L202689"
        case .textarea: "按申请表填写的说明内容。"
        case .text: field.name.contains("name") ? "王建国" : "测试内容"
        }
    }
}
