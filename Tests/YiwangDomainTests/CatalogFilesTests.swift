import Foundation
import Testing
import YiwangDomain

/// The platform's own catalog in `Resources/Catalog`: the 36 items with exactly the names and
/// departments the province asked for, the 9 added as components of the 一件事 bundles, each guide
/// complete.
@Suite("The seeded catalog")
struct CatalogFilesTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/Catalog")

    static func files() throws -> [CatalogFile] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
            .map { try CatalogCoding.decodeFile(Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    static let expected: [String: [String]] = [
        "湖南省药品监督管理局": ["药品生产许可证核发", "药品经营许可证核发", "第二类医疗器械产品注册"],
        "湖南省交通运输厅": ["涉路施工许可", "公路超限运输许可"],
        "湖南省自然资源厅": ["国有建设用地使用权及房屋所有权转移登记", "建设用地规划许可证核发", "测绘资质审批", "采矿权新立登记"],
        "湖南省市场监督管理局": ["企业设立登记", "个体工商户设立登记", "食品经营许可"],
        "湖南省人力资源和社会保障厅": ["社会保障卡申领", "失业保险金申领", "灵活就业人员参保登记"],
        "湖南省公安厅": ["居民身份证换领", "户口迁移（省内）", "机动车驾驶证换证"],
        "湖南省民政厅": ["结婚登记", "高龄津贴申领", "最低生活保障申请"],
        "湖南省住房和城乡建设厅": ["建筑工程施工许可证核发", "城市更新自主更新项目申报", "老旧小区改造项目申报"],
        "湖南省住房公积金管理中心": ["住房公积金提取"],
        "湖南省医疗保障局": ["城乡居民基本医疗保险参保登记", "异地就医备案"],
        "湖南省教育厅": ["教师资格认定"],
        "湖南省卫生健康委员会": ["医师执业注册", "出生医学证明办理"],
        "湖南省残疾人联合会": ["残疾人证办理", "困难残疾人生活补贴和重度残疾人护理补贴申领"],
        "湖南省科学技术厅": ["高新技术企业认定"],
        "湖南省工业和信息化厅": ["专精特新中小企业认定"],
        "湖南省生态环境厅": ["排污许可证核发"],
        "湖南省文化和旅游厅": ["旅行社业务经营许可"],
    ]

    /// Items the bundles need that the first catalog lacked (新生儿出生, 开办餐饮店, 退休, 身后).
    static let addedForBundles: [String: [String]] = [
        "湖南省公安厅": ["出生登记（新生儿入户）", "死亡注销户口"],
        "湖南省卫生健康委员会": ["居民死亡医学证明（推断）书签发"],
        "湖南省人力资源和社会保障厅": ["企业职工基本养老保险待遇申领（退休）", "参保人员死亡丧葬补助金、抚恤金申领"],
        "湖南省医疗保障局": ["职工基本医疗保险退休人员待遇核定"],
        "湖南省民政厅": ["基本殡葬服务费用减免（惠民殡葬）"],
        "湖南省住房和城乡建设厅": ["城市户外招牌设置（备案/审批）"],
        "湖南省消防救援总队": ["公众聚集场所投入使用、营业前消防安全检查"],
    ]

    /// Items 政策找人's 一键确认 submits (稳岗返还, 技能提升补贴).
    static let addedForPolicies: [String: [String]] = [
        "湖南省人力资源和社会保障厅": ["失业保险稳岗返还申领", "技能提升补贴申领"],
    ]

    @Test("exactly the 36 items the province asked for, the 9 the bundles need and the 2 the policies submit, under exactly 18 departments")
    func namesAndDepartments() throws {
        let files = try Self.files()
        var actual: [String: [String]] = [:]
        for file in files { actual[file.department.name, default: []] += file.items.map(\.name) }
        let expected = Self.expected.merging(Self.addedForBundles, uniquingKeysWith: +).merging(Self.addedForPolicies, uniquingKeysWith: +)
        #expect(actual.mapValues { Set($0) } == expected.mapValues { Set($0) })
        #expect(files.flatMap(\.items).count == 47 && files.count == 18)
        for file in files {
            #expect(file.department.shortName == "省" + file.department.name.dropFirst(3))
            #expect(file.items.allSatisfy { $0.code.hasPrefix("HN-\(file.department.code)-") })
        }
    }

    @Test("every guide meets the complete standard")
    func complete() throws {
        let problems = CatalogValidator(standard: .complete).validate(try Self.files().flatMap(\.items))
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test("facts the province fixed: 药品生产许可证核发 promises 20 of 30 working days")
    func drugManufacturingLimits() throws {
        let item = try #require(try Self.files().flatMap(\.items).first { $0.name == "药品生产许可证核发" })
        #expect(item.promisedDays == 20)
        #expect(item.statutoryDays == 30)
        #expect(item.type == .administrativeLicence)
        #expect(item.applicantTypes == [.legalPerson])
    }

    @Test("every item states its promised limit (0 = 即办) and where the limits come from")
    func limitsAndSources() throws {
        let items = try Self.files().flatMap(\.items)
        for item in items {
            #expect(item.promisedDays != nil, "\(item.name) has no promised limit")
            #expect((item.limitSource ?? "").count >= 6, "\(item.name) names no source for its limits")
        }
        // the items that had none, and the 即办件 among them
        let byName = Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0) })
        #expect(byName["结婚登记"]?.promisedDays == 0 && byName["异地就医备案"]?.promisedDays == 0)
        #expect(byName["高龄津贴申领"]?.promisedDays == 22 && byName["社会保障卡申领"]?.promisedDays == 12)
        #expect(byName["高新技术企业认定"]?.promisedDays == 80)
    }

    @Test("高龄津贴申领 requires the applicant to be at least 80")
    func elderlyAllowanceAge() throws {
        let item = try #require(try Self.files().flatMap(\.items).first { $0.name == "高龄津贴申领" })
        let field = try #require(item.form.fields.first { $0.name == "applicant_id_number" })
        #expect(field.type == .idNumber)
        #expect(field.rules?.compactMap(FieldRule.init(spelling:)).contains(.ageAtLeast(80)) == true)
    }

    @Test("forms ask for the applicant the item serves")
    func formsMatchApplicants() throws {
        for item in try Self.files().flatMap(\.items) {
            let types = Set(item.form.fields.map(\.type))
            if item.applicantTypes == [.legalPerson] {
                #expect(types.contains(.uscc), "\(item.name) serves companies but asks no credit code")
            }
            if item.applicantTypes == [.naturalPerson] {
                #expect(types.contains(.idNumber), "\(item.name) serves people but asks no ID number")
            }
            #expect(item.materials.contains { $0.template != nil } || item.form.fields.count >= 2)
        }
    }
}
