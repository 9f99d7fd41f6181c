import Foundation
import Testing
@testable import YiwangDomain

@Suite("Policies: evaluation and its explanation")
struct PolicyEvaluatorTests {
    static let day = CivilDate(year: 2026, month: 12, day: 7)!
    static let basis = [LegalReference(document: "《湖南省高龄津贴发放办法》", number: "湘民发〔2020〕1号", article: "第三条")]

    static func fact(_ value: FactValue, _ source: String = "湖南省人口信息库（公安厅）") -> SourcedFact {
        SourcedFact(value, source: source, asOf: day)
    }

    static let longevity = Policy(
        id: "TEST-001", version: 1, name: "高龄津贴", department: "MZT", issuer: "湖南省民政厅", target: .person, mode: .granted,
        serviceCode: "HN-MZT-002", summary: "", legalBasis: basis, effectiveFrom: CivilDate(year: 2024, month: 1, day: 1)!,
        conditions: .all([
            .test(FactTest(fact: "hukou_province", op: .eq, value: .text("湖南省"), label: "户籍在湖南省", basis: 0)),
            .test(FactTest(fact: "age", op: .gte, value: .number(80), label: "年满 80 周岁", basis: 0)),
        ], label: nil),
        benefit: Benefit(unit: "元/月", bands: [
            .init(label: "80–89 周岁", when: .test(FactTest(fact: "age", op: .lt, value: .number(90), label: "")), amount: 50),
            .init(label: "90–99 周岁", when: .test(FactTest(fact: "age", op: .lt, value: .number(100), label: "")), amount: 100),
            .init(label: "100 周岁及以上", amount: 600),
        ]))

    @Test("each condition is met, not met or unknown, with the value used, its source and date, and the rule's reference")
    func trace() throws {
        let decision = PolicyEvaluator.evaluate(Self.longevity, facts: ["hukou_province": Self.fact(.text("湖南省")), "age": Self.fact(.number(85))])
        #expect(decision.outcome == .eligible)
        #expect(decision.benefit == .init(band: "80–89 周岁", amount: 50, unit: "元/月"))
        let age = try #require(decision.trace.leaves.first { $0.fact == "age" })
        #expect(age.status == .met && age.value == "85" && age.source == "湖南省人口信息库（公安厅）" && age.asOf == Self.day)
        #expect(age.basis == "《湖南省高龄津贴发放办法》（湘民发〔2020〕1号）第三条")

        let younger = PolicyEvaluator.evaluate(Self.longevity, facts: ["hukou_province": Self.fact(.text("湖南省")), "age": Self.fact(.number(79))])
        #expect(younger.outcome == .notEligible && younger.benefit == nil)
        #expect(younger.unmet.map(\.label) == ["年满 80 周岁"])

        let unknown = PolicyEvaluator.evaluate(Self.longevity, facts: ["age": Self.fact(.number(92))])
        #expect(unknown.outcome == .undetermined && unknown.unknown.map(\.label) == ["户籍在湖南省"])
        #expect(unknown.benefit?.amount == 100)
        // a fact of another kind than the test needs is not known, never a silent no
        let wrongKind = PolicyEvaluator.evaluate(Self.longevity, facts: ["hukou_province": Self.fact(.text("湖南省")), "age": Self.fact(.text("八十"))])
        #expect(wrongKind.outcome == .undetermined)
        #expect(PolicyEvaluator.evaluate(Self.longevity, facts: ["hukou_province": Self.fact(.text("湖南省")), "age": Self.fact(.number(101))])
            .benefit?.amount == 600)
    }

    @Test("operators: each against its own kind of value", arguments: [
        (FactOperator.eq, FactValue.number(3), FactValue.number(3), ConditionStatus.met), (.eq, .text("a"), .text("b"), .notMet),
        (.ne, .text("a"), .text("b"), .met), (.gt, .number(3), .number(3), .notMet), (.gte, .number(3), .number(3), .met),
        (.lt, .number(2), .number(3), .met), (.lte, .number(4), .number(3), .notMet), (.in, .text("二级"), .list([.text("一级"), .text("二级")]), .met),
        (.in, .number(3), .list([.number(1), .number(2)]), .notMet), (.eq, .number(3), .text("3"), .unknown), (.gt, .text("9"), .number(3), .unknown),
    ])
    func operators(op: FactOperator, value: FactValue, expected: FactValue, status: ConditionStatus) {
        #expect(PolicyEvaluator.status(FactTest(fact: "x", op: op, value: expected, label: ""), value) == status)
    }

    @Test("flags, not, any: three-valued, with 'not known' never taken for 'no'")
    func logic() {
        let flag = FactTest(fact: "dibao", op: .isTrue, label: "低保对象")
        #expect(PolicyEvaluator.status(flag, .flag(true)) == .met)
        #expect(PolicyEvaluator.status(flag, .flag(false)) == .notMet)
        #expect(PolicyEvaluator.status(flag, nil) == .unknown)
        let facts = ["dibao": Self.fact(.flag(false))]
        #expect(PolicyEvaluator.status(.any([.test(flag), .test(FactTest(fact: "tekun", op: .isTrue, label: "特困"))], label: nil), facts: facts) == .unknown)
        #expect(PolicyEvaluator.status(.not(.test(flag), label: nil), facts: facts) == .met)
        #expect(PolicyEvaluator.status(.all([.test(flag), .test(FactTest(fact: "tekun", op: .isTrue, label: ""))], label: nil), facts: facts) == .notMet)
    }

    @Test("a rate of a fact, per head, up to a cap")
    func amounts() {
        let refund = Benefit(unit: "元", bands: [
            .init(label: "中小微企业 60%", when: .test(FactTest(fact: "company_size", op: .in, value: .list([.text("中型"), .text("小型"), .text("微型")]), label: "")),
                  rate: 0.6, of: "company_ui_contribution_last_year"),
            .init(label: "大型企业 30%", rate: 0.3, of: "company_ui_contribution_last_year", cap: 1_000_000),
        ])
        let small = ["company_size": Self.fact(.text("小型")), "company_ui_contribution_last_year": Self.fact(.number(12345.67))]
        #expect(PolicyEvaluator.amount(refund, facts: small)?.amount == 7407.4)
        let large = ["company_size": Self.fact(.text("大型")), "company_ui_contribution_last_year": Self.fact(.number(9_000_000))]
        #expect(PolicyEvaluator.amount(refund, facts: large)?.amount == 1_000_000)
        let hires = Benefit(unit: "元", bands: [.init(label: "每人 1500 元", amount: 1500, per: "company_new_youth_hires")])
        #expect(PolicyEvaluator.amount(hires, facts: ["company_new_youth_hires": Self.fact(.number(4))])?.amount == 6000)
        #expect(PolicyEvaluator.amount(hires, facts: [:])?.amount == nil)
    }

    @Test("versions: the one in force on a day; a decision keeps its own")
    func versions() {
        var second = Self.longevity
        second.version = 2
        second.effectiveFrom = CivilDate(year: 2027, month: 1, day: 1)!
        second.benefit.bands[0].amount = 60
        let book = PolicyBook([second, Self.longevity])
        #expect(book.policy("TEST-001", on: Self.day)?.version == 1)
        #expect(book.policy("TEST-001", on: CivilDate(year: 2027, month: 3, day: 1)!)?.version == 2)
        #expect(book.policy("TEST-001", version: 1)?.benefit.bands[0].amount == 50)
        #expect(book.inForce(on: Self.day).map(\.version) == [1])
        #expect(PolicyValidator.conflicts([Self.longevity, Self.longevity]) == ["TEST-001：版本号重复", "TEST-001：第 1 版的生效日期须晚于第 1 版"])
    }

    @Test("a policy file that names an unknown fact, the wrong kind, a missing reference or no item for 一键确认 does not load")
    func validation() throws {
        var policy = Self.longevity
        policy.mode = .confirm
        policy.serviceCode = nil
        policy.conditions = .all([
            .test(FactTest(fact: "agee", op: .gte, value: .number(80), label: "年满 80 周岁")),
            .test(FactTest(fact: "hukou_province", op: .gte, value: .number(1), label: "户籍")),
            .test(FactTest(fact: "age", op: .gte, value: .number(80), label: "年龄", basis: 7)),
            .test(FactTest(fact: "company_size", op: .eq, value: .text("小型"), label: "规模")),
        ], label: nil)
        let problems = PolicyValidator.problems(policy)
        #expect(problems.contains("一键确认须指明办理事项"))
        #expect(problems.contains("条件“年满 80 周岁”引用了未知事实“agee”"))
        #expect(problems.contains("条件“户籍”的运算不适用于户籍所在省"))
        #expect(problems.contains("条件“年龄”的依据编号不存在"))
        #expect(problems.contains("条件“规模”的事实属于企业，政策对象是个人"))
        let json = try JSONEncoder().encode(Self.longevity)
        #expect(throws: Never.self) { _ = try JSONDecoder().decode(Policy.self, from: json) }
    }

    // MARK: the shipped policies

    static func shipped() throws -> [Policy] {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/Policies")
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        return try files.map { try PolicyBook.decode(Data(contentsOf: $0)) }
    }

    @Test("every shipped policy file loads and no two versions of one policy collide")
    func shippedPolicies() throws {
        let policies = try Self.shipped()
        #expect(policies.count >= 8)
        #expect(PolicyValidator.conflicts(policies).isEmpty)
        #expect(Set(policies.map(\.id)).count == policies.count)
    }

    @Test("高龄津贴 as shipped: an 85-year-old of 湘潭县 gets 50 元 a month, one of 长沙 qualifies at the local rate, a 79-year-old is told why not")
    func longevityAsShipped() throws {
        let book = PolicyBook(try Self.shipped())
        let policy = try #require(book.policy("HN-ZC-001", on: Self.day))
        func facts(_ county: String, _ age: Double) -> [String: SourcedFact] {
            ["hukou_province": Self.fact(.text("湖南省")), "hukou_county": Self.fact(.text(county)), "age": Self.fact(.number(age))]
        }
        let xiangtan = PolicyEvaluator.evaluate(policy, facts: facts("湘潭县", 85))
        #expect(xiangtan.outcome == .eligible && xiangtan.benefit?.amount == 50)
        let changsha = PolicyEvaluator.evaluate(policy, facts: facts("芙蓉区", 85))
        #expect(changsha.outcome == .eligible && changsha.benefit?.amount == nil)
        let younger = PolicyEvaluator.evaluate(policy, facts: facts("湘潭县", 79))
        #expect(younger.outcome == .notEligible && younger.unmet.map(\.label) == ["年满 80 周岁"])
    }

    // MARK: random policies against an independent evaluator

    /// The reference: a plain recursive evaluation written apart from the product's, with nil for
    /// "not known".
    static func reference(_ condition: PolicyCondition, _ facts: [String: SourcedFact]) -> Bool? {
        switch condition {
        case .test(let test):
            guard let value = facts[test.fact]?.value else { return nil }
            switch test.op {
            case .isTrue, .isFalse:
                guard case .flag(let flag) = value else { return nil }
                return test.op == .isTrue ? flag : !flag
            case .in:
                guard case .list(let options)? = test.value else { return nil }
                return options.contains(value)
            case .eq, .ne:
                guard let expected = test.value, String(describing: kind(value)) == String(describing: kind(expected)) else { return nil }
                return (value == expected) == (test.op == .eq)
            case .gt, .gte, .lt, .lte:
                guard case .number(let a) = value, case .number(let b)? = test.value else { return nil }
                switch test.op {
                case .gt: return a > b
                case .gte: return a >= b
                case .lt: return a < b
                default: return a <= b
                }
            }
        case .all(let conditions, _):
            let results = conditions.map { reference($0, facts) }
            if results.contains(false) { return false }
            return results.contains(nil) ? nil : true
        case .any(let conditions, _):
            let results = conditions.map { reference($0, facts) }
            if results.contains(true) { return true }
            return results.contains(nil) ? nil : false
        case .not(let inner, _):
            return reference(inner, facts).map { !$0 }
        }
    }

    static func kind(_ value: FactValue) -> Int {
        switch value {
        case .number: 0
        case .text: 1
        case .flag: 2
        case .list: 3
        }
    }

    static let names = ["age", "dibao", "hukou_province", "disability_grade", "tekun"]

    static func randomValue(_ random: inout SplitMix64) -> FactValue {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: .number(Double(Int.random(in: 0...4, using: &random)))
        case 1: .text(["湖南省", "广东省", "一级"].randomElement(using: &random)!)
        case 2: .flag(Bool.random(using: &random))
        default: .list((0..<Int.random(in: 0...3, using: &random)).map { _ in randomValue(&random) })
        }
    }

    static func randomCondition(_ random: inout SplitMix64, depth: Int) -> PolicyCondition {
        if depth == 0 || Int.random(in: 0..<3, using: &random) == 0 {
            let op = FactOperator.allCases.randomElement(using: &random)!
            return .test(FactTest(fact: names.randomElement(using: &random)!, op: op,
                                  value: Bool.random(using: &random) ? randomValue(&random) : nil, label: "c"))
        }
        let children = (0..<Int.random(in: 1...3, using: &random)).map { _ in randomCondition(&random, depth: depth - 1) }
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return .all(children, label: nil)
        case 1: return .any(children, label: nil)
        default: return .not(children[0], label: nil)
        }
    }

    @Test("10,000 random conditions and fact sets: the evaluator, its trace and the reference agree")
    func randomAgainstReference() {
        var random = SplitMix64(seed: 20261207)
        for _ in 0..<10_000 {
            let condition = Self.randomCondition(&random, depth: 3)
            var facts: [String: SourcedFact] = [:]
            for name in Self.names where Bool.random(using: &random) {
                let value = Self.randomValue(&random)
                if case .list = value { continue }  // a registry holds single values
                facts[name] = Self.fact(value)
            }
            let expected: ConditionStatus = switch Self.reference(condition, facts) {
            case true?: .met
            case false?: .notMet
            case nil: .unknown
            }
            let fast = PolicyEvaluator.status(condition, facts: facts)
            var policy = Self.longevity
            policy.conditions = condition
            let traced = PolicyEvaluator.evaluate(policy, facts: facts).trace.status
            #expect(fast == expected && traced == expected, "\(condition) with \(facts)")
            if fast != expected || traced != expected { return }
        }
    }
}
