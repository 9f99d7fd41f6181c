import Fluent
import Foundation
import YiwangDomain

/// E-certificates as a pre-fill source: the numbers of the valid certificates the applicant (or the
/// company they act for) holds, by type; and a company's address from its newest certificate when
/// the company's own record has none — "零填表" for what the platform has already issued.
struct CertificatePrefill: PrefillSource {
    let database: any Database
    let vault: PersonalDataVault
    let today: @Sendable () -> CivilDate

    static let source = "电子证照"
    /// Claim labels that hold a company's address on the catalog's certificates.
    static let addressLabels = ["注册地址", "住所", "注册人住所", "经营场所地址"]

    private func held(by applicant: ApplicantProfile) async throws -> [CertificateRecord] {
        let holder = applicant.enterprise?.uscc ?? applicant.idNumber
        guard !holder.isEmpty else { return [] }
        return try await CertificateRecord.query(on: database).filter(\.$holderIndex ~~ vault.lookupIndexes(holder, as: .idNumber))
            .filter(\.$status == .valid).sort(\.$createdAt, .descending).all()
            .filter { record in record.validUntil.flatMap(CivilDate.init).map { $0 >= today() } ?? true }
    }

    func values(for applicant: ApplicantProfile) async throws -> [PrefillKey: PrefilledValue] {
        guard applicant.enterprise != nil, applicant.enterprise?.address == nil else { return [:] }
        for record in try await held(by: applicant) {
            let claims = try record.claims(vault)
            if let address = claims.first(where: { Self.addressLabels.contains($0.label) })?.value {
                return [.enterpriseAddress: PrefilledValue(value: address, source: "\(Self.source)（\(record.typeName)）")]
            }
        }
        return [:]
    }

    func certificateNumbers(for applicant: ApplicantProfile) async throws -> [String: PrefilledValue] {
        var numbers: [String: PrefilledValue] = [:]
        for record in try await held(by: applicant) where numbers[record.typeName] == nil {
            numbers[record.typeName] = PrefilledValue(value: record.number, source: Self.source)
        }
        return numbers
    }
}
