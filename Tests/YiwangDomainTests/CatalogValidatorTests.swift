import Testing
import YiwangDomain

@Suite("Catalog validation")
struct CatalogValidatorTests {
    static func item() -> ServiceItem {
        ServiceItem(
            code: "HN-T-001", name: "测试事项", aliases: ["测试"], type: .publicService, applicantTypes: [.naturalPerson],
            summary: "这是一个用于测试目录校验规则的事项，内容完整。", legalBasis: [LegalBasis(law: "《某法》", article: "第一条", text: "为了测试而制定本法。")],
            conditions: ["年满十八周岁"],
            materials: [Material(id: "id_card", name: "居民身份证", required: true, form: .original, copies: 1,
                                 fileTypes: [.jpg], maxSizeMb: 5, maxFiles: 2)],
            fees: Fees(charged: false, description: "不收费"), statutoryDays: 20, promisedDays: 10, limitSource: "《中华人民共和国行政许可法》第四十二条",
            onlineLevel: .fullyOnline, visits: 0,
            steps: [ProcessStep(name: "申请", actor: .applicant, description: "网上提交"),
                    ProcessStep(name: "审批", actor: .approval, description: "作出决定")],
            location: ServiceLocation(address: "湖南省政务服务大厅", phone: "12345", hours: "工作日"),
            faq: [FAQEntry(q: "一", a: "回答一回答一回答一"), FAQEntry(q: "二", a: "回答二回答二回答二"), FAQEntry(q: "三", a: "回答三回答三回答三")],
            form: FormSchema(fields: [
                FormField(name: "kind", label: "类别", type: .select, required: true, options: ["本人", "委托代理人"]),
                FormField(name: "agent_name", label: "代理人", type: .text, required: false,
                          requiredIf: FieldCondition(field: "kind", equals: "委托代理人"), rules: ["max_length:20"]),
            ])
        )
    }

    @Test("a complete item passes")
    func passes() {
        #expect(CatalogValidator(standard: .complete).validate(Self.item()).isEmpty)
    }

    /// One way to break the item, and the path the validator must name.
    static func broken(_ index: Int) -> (path: String, item: ServiceItem) {
        var item = item()
        let path: String
        switch index {
        case 0: item.promisedDays = 30; path = "promised_days"
        case 1: item.visits = 2; path = "visits"
        case 2: item.faq.removeLast(); path = "faq"
        case 3: item.legalBasis = []; path = "legal_basis"
        case 4: item.form.fields[0].options = []; path = "form/fields/0"
        case 5: item.form.fields[1].requiredIf = FieldCondition(field: "nope", equals: "x"); path = "form/fields/1"
        case 6: item.form.fields[1].requiredIf = FieldCondition(field: "kind", equals: "别人"); path = "form/fields/1"
        case 7: item.form.fields[1].rules = ["max_length:abc"]; path = "form/fields/1"
        case 8: item.materials[0].required = false; path = "materials/0"
        case 9: item.materials[0].maxSizeMb = 0; path = "materials/0"
        default: item.code = "HN T 001"; path = "code"
        }
        return (path, item)
    }

    @Test("each broken rule is named", arguments: 0..<11)
    func fails(index: Int) {
        let (path, item) = Self.broken(index)
        let problems = CatalogValidator(standard: .complete).validate(item)
        #expect(problems.contains { $0.path == path }, "\(problems)")
    }

    @Test("units differ: a calendar-day statutory limit is not compared with working days")
    func mixedUnits() {
        var item = Self.item()
        item.statutoryDays = 60
        item.statutoryUnit = .calendarDays
        item.promisedDays = 15
        #expect(CatalogValidator(standard: .complete).validate(item).isEmpty)
    }

    @Test("duplicate codes and names across items are found")
    func duplicates() {
        let problems = CatalogValidator(standard: .minimal).validate([Self.item(), Self.item()])
        #expect(problems.map(\.path).sorted() == ["code", "name"])
    }

    @Test("the minimal standard accepts an imported item with no guide text")
    func minimal() {
        let item = ServiceItem(code: "1144", name: "导入事项", type: .publicService, applicantTypes: [.naturalPerson], onlineLevel: .onsite)
        #expect(CatalogValidator(standard: .minimal).validate(item).isEmpty)
        #expect(!CatalogValidator(standard: .complete).validate(item).isEmpty)
    }

    @Test("rule spellings parse", arguments: [
        ("max_length:100", FieldRule.maxLength(100)), ("age_at_least:80", .ageAtLeast(80)), ("min:0.5", .min(0.5)),
        ("not_future", .notFuture), ("hunan_area", .hunanArea),
    ])
    func rules(spelling: String, rule: FieldRule) {
        #expect(FieldRule(spelling: spelling) == rule)
    }

    @Test("bad rule spellings are refused", arguments: ["max_length", "max_length:-1", "not_future:1", "shout", "age_at_least:x", ""])
    func badRules(spelling: String) {
        #expect(FieldRule(spelling: spelling) == nil)
    }
}
