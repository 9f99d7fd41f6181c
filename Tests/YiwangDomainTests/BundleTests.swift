import Foundation
import Testing
import YiwangDomain
import YiwangTestSupport

/// The 一件事 files in `Resources/Bundles`, checked against the catalog, and what a plan makes of
/// an applicant's answers.
@Suite("一件事: bundle files, validation and plans")
struct BundleTests {
    static let directory = CatalogFilesTests.directory.deletingLastPathComponent().appendingPathComponent("Bundles")

    static func bundles() throws -> [LifeEventBundle] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
            .map { try CatalogCoding.decode(LifeEventBundle.self, from: Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    static func validator() throws -> BundleValidator {
        let files = try CatalogFilesTests.files()
        var items: [String: ServiceItem] = [:], departments: [String: String] = [:]
        for file in files {
            for item in file.items { items[item.code] = item; departments[item.code] = file.department.code }
        }
        return BundleValidator(items: items, departmentOfItem: departments, departments: Set(files.map(\.department.code)))
    }

    static func items() throws -> [String: ServiceItem] {
        Dictionary(try CatalogFilesTests.files().flatMap(\.items).map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func newborn() throws -> LifeEventBundle { try #require(try bundles().first { $0.code == "HN-YJS-001" }) }

    static let usual = NewbornApplication.answers

    @Test("every bundle file passes the validator against the catalog")
    func filesValid() throws {
        let bundles = try Self.bundles()
        #expect(!bundles.isEmpty)
        let problems = try Self.validator().validate(bundles)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test("新生儿出生: components in order, each result feeding the next; one material list; one form")
    func newbornPlan() throws {
        let validator = try Self.validator()
        let plan = try BundlePlanner.plan(try Self.newborn(), items: validator.items, answers: Self.usual)
        #expect(plan.components.map(\.code) == ["HN-WJW-002", "HN-GAT-004", "HN-YBJ-001", "HN-RST-001"])
        #expect(plan.components[1].after == ["HN-WJW-002"] && plan.components[2].after == ["HN-WJW-002", "HN-GAT-004"])
        #expect(plan.components.map(\.latestEndDay) == [1, 1, 1, 13])
        #expect(plan.materials.contains { $0.id == "birth_medical_certificate" && $0.source == .produced })
        #expect(!plan.materials.contains { $0.id == "kinship_statement" })
        // the child's name is asked once and goes into four forms
        let childName = try #require(plan.fields.first { $0.field.name == "child_name" })
        #expect(childName.fills.count == 4)
        #expect(plan.bundled.typedFields < plan.itemByItem.typedFields && plan.bundled.uploads < plan.itemByItem.uploads)
        #expect(plan.bundled.visits == 1 && plan.itemByItem.visits == 3)
    }

    @Test("answers add and drop components and materials; one 亲子鉴定意见书 serves two items")
    func situationsChangeThePlan() throws {
        let validator = try Self.validator()
        var answers = Self.usual
        answers["social_security_card"] = "暂不需要"
        answers["birth_place"] = "医疗机构外"
        let plan = try BundlePlanner.plan(try Self.newborn(), items: validator.items, answers: answers)
        #expect(!plan.components.contains { $0.code == "HN-RST-001" })
        #expect(!plan.materials.contains { $0.id == "child_photo" } && !plan.fields.contains { $0.field.name == "cooperative_bank" })
        let report = try #require(plan.materials.first { $0.id == "paternity_report" })
        #expect(Set(report.satisfies.map(\.item)) == ["HN-WJW-002", "HN-GAT-004"])
        #expect(plan.bundled.promisedDays == 1, "without the card the longest chain is one working day")
    }

    @Test("a missing answer, an answer not offered and an unknown question are refused, naming the question")
    func badAnswers() throws {
        let validator = try Self.validator()
        let bundle = try Self.newborn()
        func problem(_ answers: [String: String]) -> SituationProblem? {
            do { _ = try BundlePlanner.plan(bundle, items: validator.items, answers: answers); return nil } catch { return error }
        }
        var missing = Self.usual; missing["parents_marriage"] = nil
        #expect(problem(missing)?.message == "请回答：父母是否已登记结婚？")
        var wrong = Self.usual; wrong["social_security_card"] = "也许"
        #expect(problem(wrong)?.message.contains("需要、暂不需要") == true)
        var unknown = Self.usual; unknown["pet"] = "猫"
        #expect(problem(unknown)?.question == "pet")
        // contradicting answers, as a bundle declares them
        var contradicting = bundle
        contradicting.conflicts = [SituationConflict(when: [SituationCondition(question: "birth_place", in: ["医疗机构外"]),
                                                            SituationCondition(question: "social_security_card", in: ["需要"])],
                                                     message: "测试：两个回答互相矛盾")]
        var answers = Self.usual; answers["birth_place"] = "医疗机构外"
        #expect(throws: SituationProblem.self) { try BundlePlanner.plan(contradicting, items: validator.items, answers: answers) }
    }

    @Test("the validator names an uncovered material, an unfilled field, a cycle, an unmapped choice and a broken promise")
    func validatorFindsFaults() throws {
        let validator = try Self.validator()
        var bundle = try Self.newborn()
        bundle.materials.removeAll { $0.id == "child_photo" }
        bundle.form.fields.removeAll { $0.field.name == "child_ethnicity" }
        bundle.components[0].after = ["HN-GAT-004"]
        let relation = try #require(bundle.form.fields.firstIndex { $0.field.name == "applicant_relation" })
        bundle.form.fields[relation].fills[0].map = nil
        bundle.promisedDays = 2
        let messages = validator.validate(bundle).map(\.description)
        let expected = ["（photo）不在材料清单中", "（child_ethnicity）没有合并表单字段填写", "前序关系成环",
                        "不接受选项：母亲、父亲", "承诺 2 个工作日"]
        for text in expected { #expect(messages.contains { $0.contains(text) }, "\(text) not in \(messages)") }
    }
}

/// The merged form against the component forms it stands for.
@Suite("一件事: one form for every component")
struct BundleFormsTests {
    static let today = CivilDate(year: 2026, month: 12, day: 7)!

    static func forms(_ answers: [String: String] = BundleTests.usual) throws -> BundleForms {
        let validator = try BundleTests.validator()
        return BundleForms(plan: try BundlePlanner.plan(try BundleTests.newborn(), items: validator.items, answers: answers))
    }

    static let complete = NewbornApplication.values

    @Test("each component's form gets the merged values in its own wording, the presets and, later, the results")
    func componentValues() throws {
        let forms = try Self.forms()
        let birth = forms.values(for: "HN-WJW-002", merged: Self.complete)
        #expect(birth["newborn_name"] == "王小宝" && birth["applicant_relation"] == "新生儿母亲")
        #expect(birth["birth_place_type"] == "医疗机构内", "the situation answer fills the field it stands for")
        let household = forms.values(for: "HN-GAT-004", merged: Self.complete)
        #expect(household["applicant_relation"] == "母亲" && household["collect_method"] == "派出所领取")
        #expect(household["birth_certificate_number"] == nil && forms.pendingFields(of: "HN-GAT-004") == ["birth_certificate_number"])
        let insurance = forms.values(for: "HN-YBJ-001", merged: Self.complete,
                                     results: ["HN-GAT-004": .init(certificateNumber: "HK-1", holderIdNumber: "430102202611300025")])
        #expect(insurance["insured_category"] == "新生儿" && insurance["applicant_name"] == "王小宝")
        #expect(insurance["applicant_id_number"] == "430102202611300025" && insurance["guardian_name"] == "李红")
    }

    @Test("a complete form passes every component's checks; fields that wait for a result are not asked for")
    func completePasses() throws {
        let outcome = try Self.forms().check(Self.complete, today: Self.today)
        #expect(outcome.isComplete, "\(outcome.problems) \(outcome.missing)")
        #expect(outcome.normalized["child_name"] == "王小宝")
    }

    @Test("findings are named by the merged field: a bad number, a missing value, a component's own condition")
    func findingsByMergedField() throws {
        let forms = try Self.forms()
        var values = Self.complete
        values["mother_id_number"] = "430102198506120031"
        values["child_name"] = nil
        values["father_name"] = nil  // optional on the merged form, required by 出生登记 when the child takes the father's 户口
        values["unknown"] = "x"
        let outcome = forms.check(values, today: Self.today)
        #expect(outcome.problems.contains { $0.field == "mother_id_number" })
        #expect(outcome.problems.contains { $0.field == "unknown" })
        #expect(outcome.missing.contains { $0.field == "child_name" })
        let father = try #require(outcome.missing.first { $0.field == "father_name" })
        #expect(father.label.contains("出生登记"), "\(father.label)")
        #expect(!outcome.missing.contains { $0.field == "birth_certificate_number" })
        // without the card, its bank is not asked
        var noCard = BundleTests.usual
        noCard["social_security_card"] = "暂不需要"
        var withoutBank = Self.complete
        withoutBank["cooperative_bank"] = nil
        #expect(try Self.forms(noCard).check(withoutBank, today: Self.today).isComplete)
    }
}

/// The sub-cases' rules: start when every earlier component is granted, stop when one fails.
@Suite("一件事: progress of the components")
struct BundleProgressTests {
    typealias Status = BundleProgress.Status

    static func plan() throws -> BundlePlan {
        try BundlePlanner.plan(try BundleTests.newborn(), items: try BundleTests.validator().items, answers: BundleTests.usual)
    }

    @Test("at submission only the 出生医学证明 starts; its grant starts 户口; 户口's grant starts 医保 and 社保卡 together")
    func chain() throws {
        let plan = try Self.plan()
        var statuses: [String: Status] = [:]
        var decision = BundleProgress.next(plan, statuses: statuses)
        #expect(decision.start == ["HN-WJW-002"] && decision.stop.isEmpty && decision.overall == .inProgress)
        statuses["HN-WJW-002"] = .granted
        decision = BundleProgress.next(plan, statuses: statuses)
        #expect(decision.start == ["HN-GAT-004"])
        statuses["HN-GAT-004"] = .granted
        decision = BundleProgress.next(plan, statuses: statuses)
        #expect(decision.start == ["HN-YBJ-001", "HN-RST-001"])
        for code in ["HN-YBJ-001", "HN-RST-001"] { statuses[code] = .granted }
        decision = BundleProgress.next(plan, statuses: statuses)
        #expect(decision.start.isEmpty && decision.overall == .completed)
    }

    @Test("a refused 出生医学证明 ends the bundle (stop_all); a refused 医保 leaves 社保卡 running (continue_others)")
    func refusals() throws {
        let plan = try Self.plan()
        let ended = BundleProgress.next(plan, statuses: ["HN-WJW-002": .failed])
        #expect(Set(ended.stop.map(\.item)) == ["HN-GAT-004", "HN-YBJ-001", "HN-RST-001"] && ended.overall == .stopped)
        #expect(ended.stop.first?.reason.contains("出生医学证明办理") == true)
        let partial = BundleProgress.next(plan, statuses: ["HN-WJW-002": .granted, "HN-GAT-004": .granted,
                                                            "HN-YBJ-001": .failed, "HN-RST-001": .inProgress])
        #expect(partial.stop.isEmpty && partial.start.isEmpty && partial.overall == .inProgress)
        let done = BundleProgress.next(plan, statuses: ["HN-WJW-002": .granted, "HN-GAT-004": .granted,
                                                         "HN-YBJ-001": .failed, "HN-RST-001": .granted])
        #expect(done.overall == .partlyCompleted)
        // the decision is complete: applying it leaves nothing more to do
        var statuses: [String: Status] = ["HN-WJW-002": .failed]
        for stop in ended.stop { statuses[stop.item] = .stopped }
        let again = BundleProgress.next(plan, statuses: statuses)
        #expect(again.stop.isEmpty && again.start.isEmpty)
    }
}

@Suite("Every bundle can be filled in")
struct BundleSampleTests {
    @Test("sample values for each bundle's first answers pass every component's checks")
    func samples() throws {
        let today = CivilDate(year: 2026, month: 12, day: 7)!
        let items = try BundleTests.items()
        for bundle in try BundleTests.bundles() {
            let plan = try BundlePlanner.plan(bundle, items: items, answers: BundleSamples.firstAnswers(bundle))
            let forms = BundleForms(plan: plan)
            let outcome = forms.check(BundleSamples.values(forms, today: today), today: today)
            #expect(outcome.problems.isEmpty && outcome.missing.isEmpty, "\(bundle.code): \(outcome.problems) \(outcome.missing)")
        }
    }
}
