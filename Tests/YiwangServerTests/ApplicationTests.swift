import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YiwangDomain
@testable import YiwangServer

@Suite("Online application")
struct ApplicationTests {
    /// 张三 (41) applies for his father (85): the values the form needs.
    static let elderValues = [
        "applicant_name": "张德明", "applicant_id_number": "430104194105200017", "household_area": "湖南省长沙市芙蓉区",
        "applicant_address": "湖南省长沙市芙蓉区五一大道 1 号", "apply_mode": "本人申请", "account_type": "社会保障卡",
        "bank_name": "长沙银行", "bank_account": "6222000011112222",
    ]
    static let requiredMaterials = ["application_form", "elder_id_card", "household_register", "payment_account"]

    struct Draft: Decodable {
        struct Review: Decodable {
            let complete: Bool
            let percentDone: Int
            let missingMaterials: [[String: String?]]
            let missingFields: [[String: String]]
            let errors: [[String: String]]
        }
        let id: UUID
        let version: Int
        let values: [String: String]
        let review: Review
    }

    struct Case: Decodable {
        let receiptNumber: String
        let state: String
        let serviceName: String
    }

    /// 张三, signed in by API, with a draft of 高龄津贴 and a PDF uploaded to it.
    static func draftWithFile(_ app: Application) async throws -> (owner: TestBrowser, draftID: String, fileID: String) {
        let owner = TestBrowser(app)
        try await owner.signInAPI("13800000001")
        let draft = try await owner.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String]()).object()
        let draftID = try #require(draft["id"] as? String)
        let upload = try await owner.upload("/api/v1/applications/\(draftID)/materials/application_form", bytes: SampleFiles.pdf, fileName: "a.pdf")
        return (owner, draftID, try #require(try upload.object()["id"] as? String))
    }

    func startElderDraft(_ client: TestBrowser) async throws -> Draft {
        let response = try await client.json(.POST, "/api/v1/services/HN-MZT-002/applications", [String: String]())
        #expect(response.status == .created)
        return try response.json(Draft.self)
    }

    @Test("apply, check, upload, submit once: a receipt number, a timeline, an inbox message and an SMS",
          arguments: Backend.available)
    func fullJourney(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let client = TestBrowser(app)
            try await client.signInAPI("13800000001")
            var draft = try await startElderDraft(client)
            // the account holder is 41: his ID (and so his name) is not offered for a form about someone over 80
            #expect(draft.values["applicant_id_number"] == nil)
            #expect(draft.values["applicant_name"] == nil)
            #expect(draft.values["applicant_phone"] == "13800000001")
            #expect(!draft.review.complete)
            // starting again resumes the same draft
            #expect(try await startElderDraft(client).id == draft.id)
            var response = try await client.json(.PUT, "/api/v1/applications/\(draft.id)", ["values": Self.elderValues])
            draft = try response.json(Draft.self)
            #expect(draft.review.errors.isEmpty && draft.review.missingFields.isEmpty)
            #expect(Set(draft.review.missingMaterials.compactMap { $0["id"] ?? nil }) == Set(Self.requiredMaterials))
            response = try await client.send(.POST, "/api/v1/applications/\(draft.id)/submit")
            #expect(response.status == .unprocessableEntity)
            #expect(try response.fieldErrors()["materials.application_form"] == "请上传高龄津贴申请表")
            for material in Self.requiredMaterials {
                response = try await client.upload("/api/v1/applications/\(draft.id)/materials/\(material)",
                                                   bytes: material == "payment_account" ? SampleFiles.png : SampleFiles.pdf,
                                                   fileName: "\(material).pdf")
                #expect(response.status == .created)
            }
            draft = try await client.send(.GET, "/api/v1/applications/\(draft.id)").json(Draft.self)
            #expect(draft.review.complete && draft.review.percentDone == 100)
            var headers = HTTPHeaders()
            headers.add(name: "Idempotency-Key", value: "retry-0001-abcdef")
            response = try await client.send(.POST, "/api/v1/applications/\(draft.id)/submit", headers: headers)
            #expect(response.status == .created)
            let first = try response.json(Case.self)
            #expect(first.receiptNumber.hasPrefix("430000") && first.receiptNumber.count == 20)
            // 秒批: the father's ID and name match the population registry, he applies himself — granted at once
            #expect(first.state == "准予许可")
            let deciders = try await CaseEventRecord.query(on: app.db).all().map(\.actorName)
            #expect(deciders.contains("系统（高龄津贴秒批规则 v1）"))
            // a retry, a double click: the same case
            response = try await client.send(.POST, "/api/v1/applications/\(draft.id)/submit", headers: headers)
            #expect(response.status == .ok)
            #expect(try response.json(Case.self).receiptNumber == first.receiptNumber)
            #expect(try await client.send(.POST, "/api/v1/applications/\(draft.id)/submit").json(Case.self).receiptNumber == first.receiptNumber)
            #expect(try await CaseRecord.query(on: app.db).count() == 1)
            // a submitted draft cannot change
            response = try await client.json(.PUT, "/api/v1/applications/\(draft.id)", ["values": ["bank_name": "别的银行"]])
            #expect(response.status == .conflict)
            let cases = try await client.send(.GET, "/api/v1/cases").json([Case].self)
            #expect(cases.map(\.receiptNumber) == [first.receiptNumber])
            #expect(try await InboxMessageRecord.query(on: app.db).count() == 2)  // submitted, then granted
            let sms = try #require(try await OutboxMessageRecord.query(on: app.db).first())
            #expect(sms.body.contains(first.receiptNumber) && sms.body.hasPrefix("【湖南政务】"))
            let stored = try #require(try await CaseRecord.query(on: app.db).first())
            #expect(!stored.formValues.contains("430104194105200017"))  // sealed at rest
            #expect(try app.personalData.openForm(stored.formValues)["applicant_id_number"] == "430104194105200017")
        }
    }

    @Test("秒批 does not decide when a check fails: the case waits for a clerk")
    func autoApprovalDeclines() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            try await client.signInAPI("13800000001")
            let draft = try await startElderDraft(client)
            var values = Self.elderValues
            values["applicant_name"] = "张德民"  // not the name the registry holds for that ID number
            try await client.json(.PUT, "/api/v1/applications/\(draft.id)", ["values": values])
            for material in Self.requiredMaterials {
                try await client.upload("/api/v1/applications/\(draft.id)/materials/\(material)", bytes: SampleFiles.pdf, fileName: "a.pdf")
            }
            let submitted = try await client.send(.POST, "/api/v1/applications/\(draft.id)/submit").json(Case.self)
            #expect(submitted.state == "已提交")
        }
    }

    @Test("parallel submissions of one draft make exactly one case", arguments: Backend.available)
    func parallelSubmission(backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let client = TestBrowser(app)
            try await client.signInAPI("13800000001")
            let draft = try await startElderDraft(client)
            try await client.json(.PUT, "/api/v1/applications/\(draft.id)", ["values": Self.elderValues])
            for material in Self.requiredMaterials {
                try await client.upload("/api/v1/applications/\(draft.id)/materials/\(material)", bytes: SampleFiles.pdf, fileName: "a.pdf")
            }
            let token = try #require(client.bearer)
            let receipts = try await TestBrowser.withServer(app) { port in
                try await withThrowingTaskGroup(of: (HTTPResponseStatus, String).self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            var headers = HTTPHeaders()
                            headers.bearerAuthorization = BearerAuthorization(token: token)
                            let response = try await TestBrowser.perform(port: port, .POST, "/api/v1/applications/\(draft.id)/submit",
                                                                         headers: headers, body: nil)
                            return (response.status, (try? response.json(Case.self).receiptNumber) ?? "")
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(receipts.filter { $0.0 == .created }.count == 1)
            #expect(Set(receipts.map(\.1)).count == 1 && !receipts[0].1.isEmpty)
            #expect(try await CaseRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("bad input: wrong check digits, impossible and future dates, unknown fields and codes")
    func badInput() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            var values = Self.elderValues
            values["applicant_id_number"] = "430104194105200018"
            var response = try await client.json(.POST, "/api/v1/services/HN-MZT-002/validate", ["values": values])
            #expect(response.status == .ok)
            var errors = try #require(try response.object()["errors"] as? [[String: String]])
            #expect(errors.first?["message"]?.contains("校验位") == true)
            values["applicant_id_number"] = "430104194102300012"
            errors = try #require(try await client.json(.POST, "/api/v1/services/HN-MZT-002/validate", ["values": values]).object()["errors"] as? [[String: String]])
            #expect(errors.first?["message"] == "身份证号码中的出生日期不存在")
            values["applicant_id_number"] = "430104203001010016"
            errors = try #require(try await client.json(.POST, "/api/v1/services/HN-MZT-002/validate", ["values": values]).object()["errors"] as? [[String: String]])
            #expect(errors.first?["message"] == "身份证号码中的出生日期晚于今天")
            response = try await client.json(.POST, "/api/v1/services/HN-NOPE-999/validate", ["values": values])
            #expect(response.status == .notFound)
            #expect(try response.object()["detail"] as? String == "没有找到这个事项，请从事项目录中选择")
            response = try await client.send(.POST, "/api/v1/services/HN-MZT-002/validate", body: ByteBuffer(string: "{not json"), contentType: .json)
            #expect(response.status == .badRequest)
            // a file count that is no count (the review's negative counts) is refused, naming the material
            response = try await client.send(.POST, "/api/v1/services/HN-MZT-002/validate",
                                             body: ByteBuffer(string: #"{"files": {"application_form": -3}}"#), contentType: .json)
            #expect(try response.status == .badRequest && (response.object()["detail"] as? String)?.contains("0–100") == true)
            response = try await client.send(.POST, "/api/v1/services/HN-MZT-002/validate",
                                             body: ByteBuffer(string: #"{"files": {"application_form": 4632927785920116302075234615296}}"#), contentType: .json)
            #expect(response.status == .badRequest)
            // a draft keeps whatever was typed, and says what is wrong
            try await client.signInAPI("13800000001")
            let draft = try await startElderDraft(client)
            response = try await client.json(.PUT, "/api/v1/applications/\(draft.id)",
                                             ["values": ["applicant_id_number": "123", "hacker_field": "x"]])
            let saved = try response.json(Draft.self)
            #expect(saved.values["applicant_id_number"] == "123")
            #expect(saved.values["hacker_field"] == nil)
            #expect(saved.review.errors.contains { $0["field"] == "hacker_field" })
            #expect(saved.review.errors.contains { $0["field"] == "applicant_id_number" && $0["message"] == "身份证号码应为 18 位" })
            response = try await client.json(.PUT, "/api/v1/applications/\(draft.id)", ["values": ["bank_name": "x"], "version": 1] as [String: AnyEncodable])
            #expect(response.status == .conflict)
        }
    }

    @Test("files are judged by content, size and count; names never choose a path")
    func uploads() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            try await client.signInAPI("13800000001")
            let draft = try await startElderDraft(client)
            let path = "/api/v1/applications/\(draft.id)/materials/application_form"
            var response = try await client.upload(path, bytes: SampleFiles.exe, fileName: "申请表.pdf")
            #expect(response.status == .unprocessableEntity)
            #expect(try response.object()["detail"] as? String == "高龄津贴申请表：无法识别文件内容，本材料只接受 PDF、JPG、PNG 格式")
            response = try await client.upload(path, bytes: [], fileName: "empty.pdf")
            #expect(try response.object()["detail"] as? String == "高龄津贴申请表：文件是空的，请重新选择")
            response = try await client.upload(path, bytes: SampleFiles.pdf + [UInt8](repeating: 0x20, count: 10 * 1024 * 1024), fileName: "big.pdf")
            #expect(try response.object()["detail"] as? String == "高龄津贴申请表：文件超过 10 MB，请压缩后再上传")
            response = try await client.upload("/api/v1/applications/\(draft.id)/materials/no_such_slot", bytes: SampleFiles.pdf, fileName: "a.pdf")
            #expect(response.status == .notFound)
            // a PDF that is also a web page (the review's polyglot): refused, nothing stored
            response = try await client.upload(path, bytes: SampleFiles.pdf + Array("<html><script>alert(1)</script></html>".utf8), fileName: "poly.pdf")
            #expect(try response.status == .unprocessableEntity
                    && (response.object()["detail"] as? String)?.hasPrefix("高龄津贴申请表：这不是一个完整有效的 PDF 文件") == true)
            #expect(try await UploadedFileRecord.query(on: app.db).count() == 0)
            response = try await client.upload(path, bytes: SampleFiles.pdf, fileName: "../../../etc/passwd.pdf")
            #expect(response.status == .created)
            #expect(try response.object()["name"] as? String == "passwd.pdf")
            let record = try #require(try await UploadedFileRecord.query(on: app.db).first())
            let stored = app.platform().uploads.path(for: record.sha256)
            #expect(stored.hasSuffix(UploadStore.sha256(SampleFiles.pdf)))
            // sealed on disk: not the PDF, yet it opens to exactly the PDF
            let onDisk = try Data(contentsOf: URL(fileURLWithPath: stored))
            #expect(onDisk.starts(with: PersonalDataVault.fileMagic) && !onDisk.starts(with: Data("%PDF".utf8)))
            #expect(try app.platform().uploads.read(record.sha256) == Data(SampleFiles.pdf))
            response = try await client.upload(path, bytes: SampleFiles.png, fileName: "second.png")
            #expect(response.status == .unprocessableEntity)  // one file allowed
            #expect(try await UploadedFileRecord.query(on: app.db).count() == 1)
            let file = try await client.send(.GET, "/api/v1/files/\(record.id!)")
            #expect(file.status == .ok && file.headers.contentType == .pdf)
            // saved, never rendered by the browser from our origin
            let disposition = file.headers.first(name: .contentDisposition) ?? ""
            #expect(disposition.hasPrefix("attachment;") && disposition.contains("filename*=UTF-8''passwd.pdf"))
            #expect(file.headers.first(name: .contentSecurityPolicy)?.hasPrefix("sandbox") == true)
        }
    }

    @Test("another person's draft, case or file is not found — the same answer as one that does not exist")
    func otherPeoplesThings() async throws {
        try await withTestApp { app in
            let owner = TestBrowser(app)
            try await owner.signInAPI("13800000001")
            let draft = try await startElderDraft(owner)
            let upload = try await owner.upload("/api/v1/applications/\(draft.id)/materials/application_form", bytes: SampleFiles.pdf, fileName: "a.pdf")
            let fileID = try #require(try upload.object()["id"] as? String)
            let other = TestBrowser(app)
            try await other.signInAPI("13800000002")
            let missing = try await other.send(.GET, "/api/v1/applications/\(UUID())")
            let theirs = try await other.send(.GET, "/api/v1/applications/\(draft.id)")
            #expect(theirs.status == .notFound)
            #expect(try theirs.object()["detail"] as? String == missing.object()["detail"] as? String)
            #expect(try await other.json(.PUT, "/api/v1/applications/\(draft.id)", ["values": ["bank_name": "x"]]).status == .notFound)
            #expect(try await other.send(.POST, "/api/v1/applications/\(draft.id)/submit").status == .notFound)
            #expect(try await other.send(.DELETE, "/api/v1/applications/\(draft.id)/files/\(fileID)").status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/files/\(fileID)").status == .notFound)
            #expect(try await other.upload("/api/v1/applications/\(draft.id)/materials/application_form", bytes: SampleFiles.pdf, fileName: "b.pdf").status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/cases/43000020260101000001").status == .notFound)
            #expect(try await other.send(.GET, "/applications/\(draft.id)").status == .notFound)
        }
    }

    @Test("a pre-filled, locked value changed in the browser is put back and reported")
    func tamperedPrefill() async throws {
        try await withTestApp { app in
            let client = TestBrowser(app)
            try await client.signIn("13800000002")
            let company = try #require(try await EnterpriseRecord.query(on: app.db).first())
            try await client.get("/account")
            try await client.post("/account/acting", form: ["enterprise_id": company.id!.uuidString])
            let response = try await client.json(.POST, "/api/v1/services/HN-YJJ-001/applications", [String: String]())
            let draft = try response.json(Draft.self)
            let locked = try #require(draft.values.first { $0.value == DemoAccounts.enterprise.uscc }?.key)
            let saved = try await client.json(.PUT, "/api/v1/applications/\(draft.id)", ["values": [locked: "91110000600037341L"]]).json(Draft.self)
            #expect(saved.values[locked] == DemoAccounts.enterprise.uscc)
            #expect(saved.review.errors.contains { $0["field"] == locked && $0["message"]!.contains("不能修改") })
        }
    }
}

/// Mixed JSON bodies in tests.
struct AnyEncodable: Encodable {
    let encode: (any Encoder) throws -> Void
    init(_ value: some Encodable) { encode = value.encode }
    func encode(to encoder: any Encoder) throws { try encode(encoder) }
}

extension AnyEncodable: ExpressibleByDictionaryLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    init(dictionaryLiteral elements: (String, String)...) { self.init(Dictionary(uniqueKeysWithValues: elements)) }
    init(integerLiteral value: Int) { self.init(value) }
    init(stringLiteral value: String) { self.init(value) }
}

@Suite("Pre-fill report")
struct PrefillReportTests {
    @Test("five services and every 一件事 form, filled from the account, the registries and the certificates")
    func report() async throws {
        let rows = try await PrefillReport.run()
        #expect(rows.count == 5 + 4)
        let drugs = try #require(rows.first { $0.code == "HN-YJJ-001" })
        #expect(drugs.prefilled >= 7 && drugs.prefilled <= drugs.fields)
        #expect(drugs.left.contains("质量受权人姓名"))
        // the elder applying for herself: her 户籍 area, her social-security card's account, 本人申请 — every required field
        let elder = try #require(rows.first { $0.code == "HN-MZT-002" })
        #expect(elder.requiredPrefilled == elder.requiredFields && elder.requiredFields == 9)
        // applying in person, the 代办人 fields do not apply to her
        #expect(elder.applicable == 9 && elder.applicablePrefilled == 9)
        // 退休一件事: the social-insurance, medical-insurance and housing-fund records fill all but the retirement date
        let retirement = try #require(rows.first { $0.code == "HN-YJS-003" })
        #expect(retirement.left == ["退休日期（申请领取养老金起始日期）"])
        // 新生儿出生一件事: the parents from the marriage registry (the spouse's ID number sealed at rest), the household's head and address
        let newborn = try #require(rows.first { $0.code == "HN-YJS-001" })
        #expect(!newborn.left.contains("母亲身份证号码") && !newborn.left.contains("户主姓名") && newborn.left.contains("孩子姓名"))
    }

    @Test("the registries fill a form only for the person they describe: applying for a parent, none of the applicant's own records")
    func forSomeoneElse() async throws {
        try await withTestApp { app in
            let platform = app.platform()
            let item = try await platform.catalog.requireGuide(code: "HN-MZT-002", on: app.db).item
            let person = DemoAccounts.citizens[0]
            let profile = ApplicantProfile(name: person.name, idNumber: person.idNumber ?? "", phone: person.phone ?? "", address: person.address)
            let prefilled = ApplicationService.usablePrefill(try await platform.prefiller.prefill(item.form, for: profile), form: item.form,
                                                             today: platform.today)
            // 张三 is 41: the form is about someone over 80, so his ID, 户籍, account and 本人申请 are all left out
            #expect(Set(prefilled.keys) == ["applicant_phone", "applicant_address"])
        }
    }
}
