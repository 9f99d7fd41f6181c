import Foundation
import Testing
@testable import YiwangDomain

/// 政策找人's rules apart from the evaluation: what a decision changes, the facts a registry record
/// gives, corrections, the pre-filled values the registries give, and the plain-Chinese explanation.
@Suite("Policies: entitlement rules, registry facts and corrections")
struct EntitlementRulesTests {
    static let day = PolicyEvaluatorTests.day

    @Test("what one evaluation changes, for every status and outcome; an unknown never takes anything away")
    func changes() {
        typealias C = EntitlementChange
        // eligible
        #expect(C.after(nil, outcome: .eligible, mode: .granted) == .grant)
        #expect(C.after(nil, outcome: .eligible, mode: .confirm) == .offer)
        #expect(C.after(nil, outcome: .eligible, mode: .apply) == nil)
        #expect(C.after(.ended, outcome: .eligible, mode: .granted) == .grant)
        #expect(C.after(.granted, outcome: .eligible, mode: .granted) == nil)
        #expect(C.after(.granted, outcome: .eligible, mode: .granted, explanationChanged: true) == .revise)
        #expect(C.after(.confirmed, outcome: .eligible, mode: .confirm, explanationChanged: true) == .revise)
        #expect(C.after(.declined, outcome: .eligible, mode: .granted) == nil)
        #expect(C.after(.declined, outcome: .eligible, mode: .granted, explanationChanged: true) == nil)
        // not eligible: only a running benefit ends
        for status in [EntitlementStatus.granted, .offered, .confirmed] { #expect(C.after(status, outcome: .notEligible, mode: .granted) == .end) }
        for status in [EntitlementStatus?.none, .ended, .declined] { #expect(C.after(status, outcome: .notEligible, mode: .granted) == nil) }
        // unknown: nothing changes, whatever the status
        for status in [EntitlementStatus?.none] + EntitlementStatus.allCases.map(Optional.some) {
            #expect(C.after(status, outcome: .undetermined, mode: .granted) == nil)
        }
        #expect(C.revise.status(from: .confirmed) == .confirmed && C.end.status(from: .granted) == .ended)
    }

    @Test("payments stop from the first day of the next month")
    func paymentsStop() {
        #expect(EntitlementChange.paymentsStop(after: CivilDate(year: 2026, month: 12, day: 7)!) == CivilDate(year: 2027, month: 1, day: 1)!)
        #expect(EntitlementChange.paymentsStop(after: CivilDate(year: 2026, month: 2, day: 28)!) == CivilDate(year: 2026, month: 3, day: 1)!)
    }

    static func raw(_ facts: [String: FactValue]) -> [String: SourcedFact] {
        facts.mapValues { SourcedFact($0, source: FactSource.population.label, asOf: day) }
    }

    @Test("the age on the day from the registry's birth date (a birthday today counts), 户籍 place from the division code")
    func derivedFacts() throws {
        let facts = PersonFacts.derive(Self.raw([PersonFacts.birthDate: .text("1946-12-07"), PersonFacts.hukouDivision: .text("430321"),
                                                 "dibao": .flag(false)]), idNumber: nil, on: Self.day)
        #expect(facts["age"]?.value == .number(80) && facts["age"]?.source.contains("出生日期 1946-12-07") == true)
        #expect(facts["hukou_province"]?.value == .text("湖南省") && facts["hukou_city"]?.value == .text("湘潭市")
                && facts["hukou_county"]?.value == .text("湘潭县"))
        #expect(facts[PersonFacts.birthDate] == nil && facts["dibao"]?.value == .flag(false))
        let dayBefore = PersonFacts.derive(Self.raw([PersonFacts.birthDate: .text("1946-12-08")]), idNumber: nil, on: Self.day)
        #expect(dayBefore["age"]?.value == .number(79))
        // outside Hunan: the province only
        let outside = PersonFacts.derive(Self.raw([PersonFacts.hukouDivision: .text("440106")]), idNumber: nil, on: Self.day)
        #expect(outside["hukou_province"]?.value == .text("广东省") && outside["hukou_city"] == nil)
        // no registry birth date: the verified account's ID number, named as the source
        let fromID = PersonFacts.derive([:], idNumber: "430104194105200017", on: Self.day)
        #expect(fromID["age"]?.value == .number(85) && fromID["age"]?.source == FactSource.account.label)
        #expect(PersonFacts.derive([:], idNumber: "not a number", on: Self.day).isEmpty)
    }

    @Test("a correction changes the registry field the fact comes from, in that field's kind; bad input is named")
    func corrections() {
        func parsed(_ fact: String, _ input: String) -> FactCorrection.Parsed? { try? FactCorrection.parse(fact: fact, input: input).get() }
        #expect(parsed("age", "1946-12-07") == .init(registryFact: PersonFacts.birthDate, value: .text("1946-12-07")))
        #expect(parsed("hukou_county", "长沙市芙蓉区") == .init(registryFact: PersonFacts.hukouDivision, value: .text("430102")))
        #expect(parsed("hukou_province", "430321") == .init(registryFact: PersonFacts.hukouDivision, value: .text("430321")))
        #expect(parsed("disability_grade", "2") == .init(registryFact: "disability_grade", value: .number(2)))
        #expect(parsed("dibao", "是") == .init(registryFact: "dibao", value: .flag(true)))
        for (fact, input) in [("age", "八十岁"), ("age", ""), ("hukou_county", "火星"), ("disability_grade", "-1"), ("dibao", "也许"),
                              ("nonsense", "1"), ("disability_kind", String(repeating: "长", count: 101))] {
            guard case .failure(let problem) = FactCorrection.parse(fact: fact, input: input) else {
                Issue.record("\(fact) \(input) was taken")
                continue
            }
            #expect(!problem.message.isEmpty)
        }
        #expect(FactCorrection.describe(registryFact: PersonFacts.hukouDivision, value: .text("430102")) == "户籍地 湖南省长沙市芙蓉区")
        #expect(FactCorrection.keeper(of: "age") == .population && FactCorrection.keeper(of: "dibao") == .civilAffairs
                && FactCorrection.keeper(of: "company_serious_dishonesty") == .credit)
    }

    @Test("registry facts fill forms: areas as full names, the card's account, the disability certificate's number composed")
    func registryPrefill() {
        let values = RegistryPrefill.personValues(Self.raw([
            PersonFacts.hukouDivision: .text("430104"), "ssc_account": .text("6217002870000023456"), "ssc_bank": .text("建设银行"),
            "disability_certificate": .flag(true), "disability_kind": .text("肢体残疾"), "disability_grade": .number(2),
            "dibao": .flag(false), "dibao_edge": .flag(true),
        ]), applicant: ApplicantProfile(name: "李四", idNumber: "430104198803080049", phone: ""))
        #expect(values[.hukouArea]?.value == "湖南省长沙市岳麓区")
        #expect(values[.payoutAccountType]?.value == "社会保障卡" && values[.bankAccount]?.value == "6217002870000023456")
        #expect(values[.disabilityLevel]?.value == "二级" && values[.disabilityCategory]?.value == "肢体残疾")
        #expect(values[.disabilityCertificateNumber]?.value == "43010419880308004942")
        #expect(values[.economicStatus]?.value == "低收入家庭")
        #expect(values[.hukouArea]?.source == FactSource.population.label)
        // what a registry does not hold is not made up
        let sparse = RegistryPrefill.personValues(Self.raw(["dibao": .flag(false), PersonFacts.hukouDivision: .text("999999")]),
                                                  applicant: ApplicantProfile(name: "", idNumber: "", phone: ""))
        #expect(sparse.isEmpty)
        #expect(DisabilityCertificateNumber.compose(idNumber: "430104198803080049", kind: "肢体残疾", grade: 5) == nil)
        let company = RegistryPrefill.companyValues(Self.raw(["company_division": .text("430104"), "company_size": .text("中型")]))
        #expect(company[.enterpriseArea]?.value == "湖南省长沙市岳麓区" && company[.enterpriseSize]?.value == "中型")
    }

    @Test("a pre-filled choice takes the option it names or starts; values that describe the applicant go with their ID")
    func fittedChoices() {
        let field = FormField(name: "apply_mode", label: "申请方式", type: .select, required: true, options: ["本人申请", "家属代为申请"],
                              prefill: .applyingInPerson)
        #expect(FormPrefiller.fit(PrefilledValue(value: "本人", source: "实名账户"), to: field)?.value == "本人申请")
        #expect(FormPrefiller.fit(PrefilledValue(value: "单位", source: ""), to: field) == nil)
        #expect(PrefillKey.hukouArea.describesApplicantPerson && !PrefillKey.enterpriseArea.describesApplicantPerson)
    }

    @Test("the rules in plain Chinese with their references, the bands, and the reasons a notice gives")
    func explanation() {
        let policy = PolicyEvaluatorTests.longevity
        let rules = PolicyExplanation.rules(policy)
        #expect(rules.map(\.text) == ["同时满足以下条件：", "户籍在湖南省", "年满 80 周岁"] && rules.map(\.depth) == [0, 1, 1])
        #expect(rules[2].basis == "《湖南省高龄津贴发放办法》（湘民发〔2020〕1号）第三条")
        #expect(PolicyExplanation.bands(policy.benefit).first == "80–89 周岁：50 元/月")
        let decision = PolicyEvaluator.evaluate(policy, facts: ["hukou_province": PolicyEvaluatorTests.fact(.text("湖南省")),
                                                                "age": PolicyEvaluatorTests.fact(.number(91))])
        #expect(PolicyExplanation.reasons(decision) == "户籍在湖南省（湖南省人口信息库（公安厅）：湖南省）；年满 80 周岁（湖南省人口信息库（公安厅）：91）")
        #expect(PolicyExplanation.amount(decision) == "100 元/月")
        #expect(decision.bandTrace?.status == .met && decision.bandTrace?.value == "91")
    }

    @Test("HunanDivisions: a county's full name by its code, and its code by any way of writing it")
    func divisions() {
        #expect(HunanDivisions.area(code: "430321") == "湖南省湘潭市湘潭县")
        #expect(HunanDivisions.area(code: "430100") == nil && HunanDivisions.area(code: "x") == nil)
        #expect(HunanDivisions.code(ofArea: "湘潭县") == "430321" && HunanDivisions.code(ofArea: "湖南长沙芙蓉区") == "430102")
        #expect(HunanDivisions.code(ofArea: "长沙市") == nil && HunanDivisions.code(ofArea: "北京市朝阳区") == nil)
    }
}
