import Foundation
import Testing
import YiwangDomain

/// The checks an application goes through, run on the real 高龄津贴申领 form of the catalog.
@Suite("Application form checks")
struct ApplicationCheckTests {
    let item: ServiceItem
    let validator: FormValidator
    static let today = CivilDate(year: 2026, month: 11, day: 29)!

    init() throws {
        let items = try CatalogFilesTests.files().flatMap(\.items)
        item = try #require(items.first { $0.name == "高龄津贴申领" })
        validator = FormValidator(schema: item.form, today: Self.today)
    }

    var complete: [String: String] {
        ["applicant_name": "张德明", "applicant_id_number": "430104194503150019", "applicant_phone": "13812345678",
         "household_area": "湖南省长沙市岳麓区", "applicant_address": "长沙市岳麓区麓山南路 1 号",
         "apply_mode": "本人申请", "account_type": "社会保障卡", "bank_name": "长沙银行", "bank_account": "6222000011112222"]
    }

    @Test("a complete, correct form passes and is stored normalized")
    func completeForm() throws {
        var values = complete
        values["applicant_phone"] = "138 1234 5678"
        let outcome = validator.check(values)
        #expect(outcome.isComplete, "\(outcome.problems) \(outcome.missing)")
        #expect(outcome.normalized["applicant_phone"] == "13812345678")
    }

    @Test("a partial form lists what is missing without calling it wrong")
    func partial() {
        let outcome = validator.check(["applicant_name": "张德明"])
        #expect(outcome.problems.isEmpty)
        #expect(outcome.missing.map(\.field).contains("applicant_id_number"))
        #expect(!outcome.missing.map(\.field).contains("agent_name"))
    }

    @Test("a conditional field becomes required by another answer")
    func conditional() {
        var values = complete
        values["apply_mode"] = "家属或委托人代为申请"
        #expect(Set(validator.check(values).missing.map(\.field)) == ["agent_name", "agent_id_number", "agent_relation", "agent_phone"])
    }

    @Test("wrong values get a Chinese message naming the problem", arguments: [
        ("applicant_id_number", "43010419450315001X", "校验位"),
        ("applicant_id_number", "430104201001010019", "未满 80 周岁"),
        ("applicant_id_number", "430104194502300011", "出生日期不存在"),
        ("applicant_phone", "1234", "手机号码"),
        ("household_area", "广东省广州市", "湖南省内"),
        ("apply_mode", "随便", "选项"),
        ("applicant_address", "长沙", "详细地址"),
        ("bank_account", String(repeating: "1", count: 31), "不能超过 30 字"),
        ("applicant_name", "张\u{0}三", "控制字符"),
    ])
    func wrongValues(field: String, value: String, expected: String) {
        var values = complete
        values[field] = value
        let problems = validator.check(values).problems
        #expect(problems.count == 1)
        #expect(problems.first?.field == field)
        #expect(problems.first?.message.contains(expected) == true, "\(problems)")
    }

    @Test("fields the form does not have are refused")
    func unknownField() {
        var values = complete
        values["admin"] = "1"
        #expect(validator.check(values).problems == [FieldProblem(field: "admin", message: "表单中没有“admin”这一项")])
    }

    @Test("dates: format, not in the future")
    func dates() {
        let field = FormField(name: "d", label: "出生日期", type: .date, required: true, rules: ["not_future", "age_at_least:80"])
        #expect(validator.check("2027-01-01", of: field) == .failure(FieldProblem(field: "d", message: "出生日期不能晚于今天")))
        #expect(validator.check("2026-02-30", of: field) == .failure(FieldProblem(field: "d", message: "出生日期应为日期，例如 2026-01-31")))
        #expect(validator.check("1940/3/1", of: field) == .success("1940-03-01"))
        let money = FormField(name: "m", label: "金额", type: .money, required: true, rules: ["max:1000"])
        #expect(validator.check("12.345", of: money) == .failure(FieldProblem(field: "m", message: "金额最多保留两位小数")))
        #expect(validator.check("-1", of: money) == .failure(FieldProblem(field: "m", message: "金额应为金额，例如 1200.50")))
        #expect(validator.check("1001", of: money) == .failure(FieldProblem(field: "m", message: "金额不能大于 1000")))
        #expect(validator.check("1e3", of: money) == .failure(FieldProblem(field: "m", message: "金额应为金额，例如 1200.50")))
    }

    @Test("materials: required ones and those the answers call for; shared ones need no upload")
    func materials() {
        let checklist = MaterialChecklist(materials: item.materials)
        let required = Set(item.materials.filter(\.required).map(\.id))
        #expect(Set(checklist.missing(files: [:], values: complete).map(\.id)) == required)
        var values = complete
        values["apply_mode"] = "家属或委托人代为申请"
        let withAgent = checklist.missing(files: ["application_form": 1], values: values, shared: ["elder_id_card"])
        #expect(withAgent.map(\.id).contains("agent_documents"))
        #expect(!withAgent.map(\.id).contains("application_form"))
        #expect(!withAgent.map(\.id).contains("elder_id_card"))
    }

    @Test("file types are judged by content")
    func fileContent() throws {
        let material = try #require(item.materials.first)
        #expect(FileContent.check(FileStructureTests.pdf(), for: material) == .success(.pdf))
        #expect(FileContent.check(Array("%PDF-1.7\n".utf8), for: material) == .failure(.malformed(.pdf, reason: PDFStructure.Flaw.header.description)))
        #expect(FileContent.check([0xFF, 0xD8, 0xFF, 0xE0], for: material) == .success(.jpg))
        #expect(FileContent.check(Array("MZ\u{90}".utf8), for: material) == .failure(.notAllowed(detected: nil, allowed: material.fileTypes)))
        #expect(FileContent.check([UInt8](), for: material) == .failure(.empty))
        let big = [UInt8](repeating: 0x25, count: material.maxSizeMb * 1024 * 1024 + 1)
        #expect(FileContent.check(big, for: material) == .failure(.tooLarge(limitMegabytes: material.maxSizeMb)))
        let ofd = [0x50, 0x4B, 0x03, 0x04] + Array("....OFD.xml....".utf8)
        #expect(FileContent.detect(ofd) == .ofd)
        #expect(FileContent.check(ofd, for: material) == .failure(.notAllowed(detected: .ofd, allowed: material.fileTypes)))
    }

    @Test("locked pre-filled fields are put back and reported when changed")
    func lockedPrefill() {
        let schema = FormSchema(fields: [
            FormField(name: "uscc", label: "统一社会信用代码", type: .uscc, required: true, prefill: .enterpriseUscc, prefillLocked: true),
            FormField(name: "contact", label: "联系人", type: .text, required: true, prefill: .applicantName),
        ])
        let prefilled = ["uscc": PrefilledValue(value: "91430100MA4L0001XX", source: "企业认证信息"),
                         "contact": PrefilledValue(value: "李四", source: "实名账户")]
        let result = FormPrefiller.enforceLocked(["uscc": "91110000600037341L", "contact": "王五"], schema: schema, prefilled: prefilled)
        #expect(result.values == ["uscc": "91430100MA4L0001XX", "contact": "王五"])
        #expect(result.changed == ["uscc"])
        #expect(FormPrefiller.enforceLocked(["uscc": "91430100ma4l0001xx"], schema: schema, prefilled: prefilled).changed.isEmpty)
    }
}
