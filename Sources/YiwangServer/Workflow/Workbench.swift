import Fluent
import Foundation
import YiwangDomain

/// The clerk's view of the department's cases, assembled in one place for the API and the pages:
/// a page of the queue, a case's entry, and the case file.
struct Workbench {
    let platform: Platform

    var database: any Database { platform.database }

    /// Open cases of the clerk's department (see `CaseQueue`), a page at a time.
    func queue(for staff: SignedIn, filter: CaseQueue.Filter) async throws -> QueuePage {
        let department = staff.departmentCode ?? ""
        let page = try await CaseQueue(database: database, catalog: platform.catalog)
            .page(department: department, roles: Set(staff.roles), filter: filter)
        let calendar = try await CalendarStore(database: database).calendar()
        let figures = try await WorkflowService(platform: platform).greenChannelFigures(department: department)
        return QueuePage(counts: page.counts, items: page.records.map { QueueEntry($0, on: platform.today, calendar: calendar) },
                         scope: filter.scope.rawValue, total: page.total, page: page.page, pages: page.pages, greenChannel: figures)
    }

    /// The department's items, for the queue's 事项 filter.
    func services(for staff: SignedIn) async throws -> [ServiceSummary] {
        guard let department = staff.departmentCode else { return [] }
        return try await CatalogRepository(database: database).departmentWithItems(code: department).1
    }

    /// The case's queue entry as it stands today.
    func entry(_ record: CaseRecord) async throws -> QueueEntry {
        QueueEntry(record, on: platform.today, calendar: try await CalendarStore(database: database).calendar())
    }

    /// A case of the clerk's department with its data masked — or in clear, as a reveal gave it.
    func caseFile(receipt: String, for staff: SignedIn, revealed: RevealedApplicant? = nil) async throws -> CaseFile {
        let workflow = WorkflowService(platform: platform)
        let record = try await workflow.caseRecord(receipt: receipt, staff: staff)
        let (steps, item) = try await workflow.workflow(for: record)
        let values = try platform.vault.openForm(record.formValues)
        let account = try await AccountRecord.find(record.accountID, on: database)
        let files = try await UploadedFileRecord.query(on: database).filter(\.$draftID == record.draftID).sort(\.$createdAt).all()
        let events = try await CaseEventRecord.query(on: database).filter(\.$caseID == record.requireID()).sort(\.$at).all()
        let masked = item.form.fields.compactMap { field in
            values[field.name].map { CaseFile.Field(name: field.name, label: field.label, value: Masking.value($0, of: field.type)) }
        }
        let neighbours = try await CaseQueue(database: database, catalog: platform.catalog)
            .neighbours(of: record.receiptNumber, department: staff.departmentCode ?? "", roles: Set(staff.roles))
        return CaseFile(entry: try await entry(record), applicantName: revealed?.name ?? Masking.name(account?.name ?? ""),
                        fields: revealed?.fields ?? masked, files: files.map(UploadedFile.init), timeline: events.map(CaseEvent.init),
                        actions: steps.actions(in: record.state, roles: Set(staff.roles), applicant: false),
                        materials: item.materials, greenReason: record.greenReason, revealed: revealed != nil,
                        bundle: try await BundleReports(platform: platform).membership(of: record, staff: staff),
                        previous: neighbours.previous, next: neighbours.next)
    }
}
