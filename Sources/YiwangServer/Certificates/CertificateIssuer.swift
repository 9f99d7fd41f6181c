import Fluent
import Foundation
import YiwangDomain

/// Issues the e-certificate of a granted case, inside the transaction that grants it: builds the
/// document from the item's `certificate` spec and the application's values, signs it with the
/// issuing department's seal key, and stores it with a number of its own.
struct CertificateIssuer {
    let platform: Platform

    var database: any Database { platform.database }
    var vault: PersonalDataVault { platform.vault }

    /// The certificate, or nil when the item issues none; its timeline entry is at `now`.
    func issue(for record: CaseRecord, item: ServiceItem, at now: Date) async throws -> CertificateRecord? {
        guard let spec = item.certificate else { return nil }
        let today = platform.today
        let masterKey = try platform.requireMasterKey()
        let values = try vault.openForm(record.formValues)
        let department = try await DepartmentRecord.find(record.departmentCode, on: database)
        let number = "HN-\(record.departmentCode)-\(today.year)-"
            + String(format: "%06d", try await ReceiptNumbers.nextValue(of: "certificate-\(record.departmentCode)-\(today.year)", on: database))
        var holderID = (values[spec.holderIdField] ?? "").uppercased()
        if let assignment = spec.assignsIdNumber { holderID = try await assign(assignment, values: values) }
        if let assignment = spec.assignsUscc { holderID = try await assign(assignment, values: values) }
        let labels = Dictionary(item.form.fields.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
        let claims = spec.fields.compactMap { name -> CertificateDocument.Claim? in
            guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return CertificateDocument.Claim(label: labels[name] ?? name, value: value)
        }
        let enterprise = spec.holder == .enterprise
        let subject = CertificateDocument.Subject(
            id: enterprise ? "urn:uscc:\(holderID)" : "urn:cn:id:\(holderID)", name: values[spec.holderNameField] ?? "",
            idType: enterprise ? "统一社会信用代码" : "居民身份证", idNumber: holderID, claims: claims)
        let document = CertificateDocument(
            number: number, typeName: spec.name,
            issuer: .init(id: "urn:yiwang:department:\(record.departmentCode)", name: department?.name ?? record.departmentCode),
            subject: subject, issuedOn: today, validUntil: CertificateDocument.validUntil(issuedOn: today, years: spec.validityYears),
            statusURL: platform.links.absolute(.api(.certificateVerification(.value(number)))), serviceCode: item.code,
            caseReceipt: record.receiptNumber)
        let (kid, key) = try await SealKeys(database: database, masterKey: masterKey).activeKey(department: record.departmentCode)
        let certificate = CertificateRecord()
        certificate.number = number
        certificate.typeName = spec.name
        certificate.serviceCode = item.code
        certificate.caseID = try record.requireID()
        certificate.departmentCode = record.departmentCode
        certificate.departmentName = document.issuer.name
        certificate.holderKind = spec.holder
        certificate.holderName = subject.name
        certificate.sealedHolderID = try vault.seal(holderID)
        certificate.holderIndex = vault.index(holderID, as: .idNumber)
        certificate.holderAccountID = record.accountID
        certificate.holderEnterpriseID = enterprise ? record.enterpriseID : nil
        certificate.issuedOn = document.validFrom
        certificate.validUntil = document.validUntil
        certificate.sealedClaims = try vault.seal(String(decoding: try JSONEncoder().encode(claims), as: UTF8.self))
        certificate.sealedFormValues = record.formValues
        certificate.kid = kid
        certificate.sealedJWS = try vault.seal(try CompactJWS.sign(payload: Self.encode(document), kid: kid, key: key))
        certificate.status = .valid
        certificate.createdAt = now
        try await certificate.create(on: database)
        try await CaseEventRecord(caseID: certificate.caseID, at: now, actorID: nil, actorName: document.issuer.name,
                                  action: "签发电子证照", state: .granted,
                                  opinion: "\(spec.name) \(number)，加盖\(document.issuer.name)电子印章").create(on: database)
        return certificate
    }

    /// A new 公民身份号码 compiled from the form (出生登记): area of the parent's number, birth date,
    /// and the next sequence of that sex for the area and day.
    private func assign(_ assignment: IdNumberAssignment, values: [String: String]) async throws -> String {
        let area = String((values[assignment.areaFrom] ?? "").prefix(6))
        guard let birth = CivilDate(values[assignment.birthDateField] ?? ""),
              let sex = values[assignment.sexField], ["男", "女"].contains(sex) else {
            throw ServiceError.unprocessable("申请表缺少出生日期或性别，无法编制公民身份号码")
        }
        let serial = try await ReceiptNumbers.nextValue(of: "id-number-\(area)-\(birth)-\(sex == "男" ? "m" : "f")", on: database)
        guard let number = ResidentIdentityNumber.assign(area: area, birthDate: birth, male: sex == "男", serial: serial) else {
            throw ServiceError.unprocessable("申请表中的身份证号码无法确定户籍地址码，无法编制公民身份号码")
        }
        return number
    }

    /// A new 统一社会信用代码 (设立登记): area of the operator's ID number, the next 主体标识码.
    private func assign(_ assignment: UsccAssignment, values: [String: String]) async throws -> String {
        let serial = try await ReceiptNumbers.nextValue(of: "uscc", on: database)
        guard let code = UnifiedSocialCreditCode.assign(category: assignment.category.digit,
                                                        area: String((values[assignment.areaFrom] ?? "").prefix(6)), serial: serial) else {
            throw ServiceError.unprocessable("申请表中的身份证号码无法确定登记机关地址码，无法赋予统一社会信用代码")
        }
        return code
    }

    /// The applicant's notice of an issued certificate: the link to its page, and the text with a
    /// short link ("【湖南政务】您申请的药品生产许可证核发已办结，电子证照：https://…/c/Ab3dEf9h").
    func notice(of certificate: CertificateRecord, serviceName: String) async throws -> (body: String, link: String) {
        let page = SiteURL.certificate(.value(certificate.number))
        let short = try await ShortLinks.absolute(to: page, platform: platform)
        return (try MessageTemplate.certificateIssued.render(["service": serviceName, "link": short]), page.path)
    }

    static func encode(_ document: CertificateDocument) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }
}
