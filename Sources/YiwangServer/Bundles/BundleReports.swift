import Fluent
import Foundation
import YiwangDomain

/// How a submitted 一件事 is seen: by its applicant in full (every component, its case, its
/// certificates, why a part failed, what 补正 asks); by a clerk of a component's department as the
/// other components' states only; by the lead department as the whole bundle's progress — never
/// another department's materials or opinions.
struct BundleReports {
    let platform: Platform

    var database: any Database { platform.database }

    /// The applicant's progress page.
    func progress(receipt: String, user: SignedIn) async throws -> BundleProgressReport {
        let application = try await BundleApplications(platform: platform).application(receipt: receipt, user: user)
        let applicationService = ApplicationService(platform: platform)
        var components: [BundleProgressReport.Component] = []
        var supplements: [ApplicantCase] = []
        for row in try await rows(of: application) {
            var state: CaseState?, receipt: String?, deadline: String?, note = row.component.note
            var certificates: [BundleProgressReport.Certificate] = []
            if let record = row.record {
                (state, receipt, deadline) = (record.state, record.receiptNumber, record.deadlineOn)
                if [.refused, .denied].contains(record.state) {
                    note = try await CaseEventRecord.query(on: database).filter(\.$caseID == record.requireID())
                        .filter(\.$state == record.state).sort(\.$at, .descending).first()?.opinion ?? note
                }
                if record.state == .supplementing {
                    supplements.append(try await applicationService.applicantCase(receipt: record.receiptNumber, user: user))
                }
                certificates = try await CertificateRecord.query(on: database).filter(\.$caseID == record.requireID()).all().map {
                    .init(number: $0.number, typeName: $0.typeName, url: SiteURL.certificate(.value($0.number)).path)
                }
            }
            components.append(.init(
                code: row.component.itemCode, name: row.component.itemName, department: row.departmentName,
                status: row.component.status, caseReceipt: receipt, caseState: state, deadline: deadline, note: note,
                certificates: certificates, caseURL: receipt.map { SiteURL.caseFile(.value($0)).path }))
        }
        let withdrawable = application.overall == .inProgress && components.contains {
            $0.status == .waiting || ($0.status == .inProgress && $0.caseState == .submitted)
        }
        return BundleProgressReport(
            receipt: application.receiptNumber ?? "", bundleCode: application.bundleCode, bundleName: application.bundleName,
            overall: application.overall ?? .inProgress, submittedAt: application.submittedAt ?? Date(), components: components,
            supplements: supplements, withdrawable: withdrawable)
    }

    /// The bundle a case belongs to, as a clerk of its department sees it: the other components'
    /// states; and, for the lead department, their receipts and deadlines too.
    func membership(of record: CaseRecord, staff: SignedIn) async throws -> BundleMembership? {
        guard let applicationID = record.bundleApplicationID,
              let application = try await BundleApplicationRecord.find(applicationID, on: database) else { return nil }
        return try await membership(application, staff: staff, current: record.id)
    }

    /// The bundles the clerk's department leads that are still in progress, newest first.
    func led(by staff: SignedIn, limit: Int = 20) async throws -> [BundleMembership] {
        guard let department = staff.departmentCode else { return [] }
        let codes = try await BundleRecord.query(on: database).filter(\.$leadDepartmentCode == department).all().compactMap(\.id)
        guard !codes.isEmpty else { return [] }
        var led: [BundleMembership] = []
        for application in try await BundleApplicationRecord.query(on: database).filter(\.$bundleCode ~~ codes)
            .filter(\.$status == .submitted).filter(\.$overall == .inProgress)
            .sort(\.$submittedAt, .descending).limit(limit).all() {
            led.append(try await membership(application, staff: staff, current: nil))
        }
        return led
    }

    private func membership(_ application: BundleApplicationRecord, staff: SignedIn, current: UUID?) async throws -> BundleMembership {
        let lead = try await BundleRecord.find(application.bundleCode, on: database)?.leadDepartmentCode
        let isLead = lead != nil && lead == staff.departmentCode
        let rows = try await rows(of: application)
        let components = rows.map { row in
            let own = row.component.departmentCode == staff.departmentCode
            let shown = isLead || own
            return BundleMembership.Component(
                name: row.component.itemName, department: row.departmentName, status: row.component.status,
                caseReceipt: shown ? row.record?.receiptNumber : nil, deadline: shown ? row.record?.deadlineOn : nil,
                isThisCase: current != nil && row.component.caseID == current,
                url: own ? row.record.map { SiteURL.workbenchCase(.value($0.receiptNumber)).path } : nil)
        }
        var sources: [String] = []
        if let item = rows.first(where: { current != nil && $0.component.caseID == current })?.component.itemCode {
            sources = try await self.sources(of: item, in: application)
        }
        return BundleMembership(receipt: application.receiptNumber ?? "", bundleName: application.bundleName,
                                overall: application.overall ?? .inProgress, isLead: isLead,
                                leadDepartment: try await departmentName(lead ?? ""), components: components,
                                materialSources: sources)
    }

    /// Which of the item's materials the bundle supplies other than by upload, and how: what the
    /// clerk finds instead of a file.
    private func sources(of item: String, in application: BundleApplicationRecord) async throws -> [String] {
        let plan = try await BundleCatalog(platform: platform).plan(code: application.bundleCode, answers: application.situation)
        guard let component = plan.components.first(where: { $0.code == item }) else { return [] }
        let names = Dictionary(plan.components.map { ($0.code, $0.item.name) }, uniquingKeysWith: { first, _ in first })
        return plan.materials.compactMap { material in
            let parts = material.satisfies.filter { $0.item == item }
                .map { part in component.item.materials.first { $0.id == part.name }?.name ?? part.name }
            guard !parts.isEmpty else { return nil }
            let how: String
            switch material.source {
            case .upload: return nil
            case .eCertificate: how = "由电子证照共享（\(material.sharedFrom ?? material.name)）"
            case .produced: how = "由前序事项「\(material.producedBy.flatMap { names[$0] } ?? "")」的结果提供，编号见申请表"
            case .form: how = "由一件事申请表生成"
            }
            return parts.map { "《\($0)》" }.joined(separator: "、") + how
        }
    }

    private struct Row {
        let component: BundleComponentRecord
        let record: CaseRecord?
        let departmentName: String
    }

    private func rows(of application: BundleApplicationRecord) async throws -> [Row] {
        let components = try await BundleComponentRecord.query(on: database).filter(\.$applicationID == application.requireID())
            .sort(\.$position).all()
        let caseIDs = components.compactMap(\.caseID)
        let cases = caseIDs.isEmpty ? [] : try await CaseRecord.query(on: database).filter(\.$id ~~ caseIDs).all()
        var rows: [Row] = []
        for component in components {
            rows.append(Row(component: component, record: cases.first { $0.id == component.caseID },
                            departmentName: try await departmentName(component.departmentCode)))
        }
        return rows
    }

    private func departmentName(_ code: String) async throws -> String {
        try await DepartmentRecord.find(code, on: database)?.name ?? code
    }
}
