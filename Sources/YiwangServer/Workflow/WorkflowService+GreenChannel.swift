import Fluent
import Foundation
import SQLKit
import YiwangDomain

extension WorkflowService {
    /// 绿色通道: a clerk of the department puts an open case first in the queue, with a reason; its
    /// promised limit is halved (now, if the clock runs; at acceptance otherwise).
    func markGreenChannel(_ record: CaseRecord, reason raw: String?, version: Int?, by staff: SignedIn) async throws -> CaseRecord {
        let reason = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200 else { throw FieldErrors.field("reason", "请写明纳入绿色通道的理由（200 字以内）") }
        guard record.state.isOpen, ![.granted, .denied].contains(record.state) else {
            throw ServiceError.conflict("办件已作出决定，不能再纳入绿色通道")
        }
        guard !record.greenChannel else { throw ServiceError.conflict("该办件已在绿色通道中") }
        var promised = record.promised
        if let limit = promised?.limit { promised?.shorten(to: DeadlineClock.greenChannelLimit(limit)) }
        let (_, item) = try await workflow(for: record)
        let timing = DeadlineTiming.compute(promised: promised, state: record.state, on: today,
                                            calendar: try await CalendarStore(database: database).calendar(), yellowAt: item.yellowAt)
        let caseID = try record.requireID()
        let promisedJSON = try promised.map(StoredJSON.encode)
        let expected = version ?? record.version
        try await database.transaction { database in
            try await CaseVersion.require(database, caseID: caseID, version: expected, set: """
                green_channel = \(bind: true), green_reason = \(bind: reason), promised_clock = \(bind: promisedJSON),
                \(timing.assignments)
                """)
            try await CaseEventRecord(caseID: caseID, at: platform.now, actorID: staff.accountID, actorName: staff.staffLabel,
                                      action: "纳入绿色通道", state: record.state, opinion: reason).create(on: database)
        }
        return try await fresh(record)
    }

    /// The department's green-channel share, and the average working days from acceptance to
    /// decision of its decided green-channel cases.
    func greenChannelFigures(department: String) async throws -> GreenChannelFigures {
        let cases = try await CaseRecord.query(on: database).filter(\.$departmentCode == department).all()
        let green = cases.filter(\.greenChannel)
        guard !cases.isEmpty else { return GreenChannelFigures(count: 0, share: 0, averageDays: nil) }
        let calendar = try await CalendarStore(database: database).calendar()
        var durations: [Int] = []
        for record in green where [CaseState.granted, .denied, .closed].contains(record.state) {
            guard let accepted = record.acceptedOn.flatMap(CivilDate.init),
                  let decided = try await CaseEventRecord.query(on: database).filter(\.$caseID == record.requireID())
                    .filter(\.$action ~~ [CaseAction.grant.label, CaseAction.deny.label]).sort(\.$at, .descending).first()
            else { continue }
            if let days = try? calendar.workingDays(after: accepted, through: CivilDate.today(now: decided.at)) { durations.append(days) }
        }
        return GreenChannelFigures(count: green.count, share: Double(green.count) / Double(cases.count),
                                   averageDays: durations.isEmpty ? nil : Double(durations.reduce(0, +)) / Double(durations.count))
    }
}
