import Fluent
import FluentSQL
import SQLKit
import YiwangDomain

/// A department's open cases as a clerk works them: by default those waiting for one of the clerk's
/// roles (待我办理), or the whole department; filtered by level, service and state; green channel
/// first, then the nearest deadline, then clocks stopped for 补正 by days left, then deadlines
/// waiting for a year's schedule, then the oldest submission. Sorted, counted and paged in SQL, so
/// the queue costs the same with a hundred open cases as with a hundred thousand.
struct CaseQueue {
    let database: any Database
    let catalog: CatalogCache

    enum Scope: String, Sendable { case mine, all }

    struct Filter: Sendable {
        var scope: Scope = .mine
        var level: DeadlineLevel?
        var service: String?
        var state: CaseState?
        var page = 1
    }

    struct Page {
        /// Open cases per level, in the scope and service/state filters (not the level filter).
        let counts: [String: Int]
        let records: [CaseRecord]
        let total: Int
        let page: Int
        let pages: Int
    }

    static let pageSize = 50
    static let closedStates = [CaseState.refused, .closed, .withdrawn].map(\.rawValue)

    /// The queue's order: green channel first, then the nearest deadline, then the oldest.
    static let order: SQLQueryString = """
        ORDER BY CASE WHEN green_channel THEN 0 ELSE 1 END,
          CASE WHEN deadline_on IS NULL THEN 1 ELSE 0 END, deadline_on,
          CASE WHEN remaining_days IS NULL THEN 1 ELSE 0 END, remaining_days,
          CASE WHEN calendar_gap IS NULL THEN 1 ELSE 0 END, submitted_at, receipt_number
        """

    /// The cases before and after `receipt` in the clerk's 待我办理, in the queue's order: what the
    /// case page's 上一件 / 下一件 (keys K and J) open. Nil where there is none (or the case is not in it).
    func neighbours(of receipt: String, department: String, roles: Set<StaffRole>) async throws -> (previous: String?, next: String?) {
        let sql = try database.sql()
        let conditions = try await openCases(department: department, roles: roles, mine: true, sql: sql)
        struct Row: Decodable { let receipt_number: String }
        let receipts = try await sql.raw("SELECT receipt_number FROM cases WHERE \(conditions.joined(separator: " AND ")) \(Self.order) LIMIT 5000")
            .all(decoding: Row.self).map(\.receipt_number)
        guard let index = receipts.firstIndex(of: receipt) else { return (receipts.first, nil) }
        return (index > 0 ? receipts[index - 1] : nil, index + 1 < receipts.count ? receipts[index + 1] : nil)
    }

    /// The department's open cases — only those waiting for one of `roles` when `mine`.
    private func openCases(department: String, roles: Set<StaffRole>, mine: Bool, sql: any SQLDatabase) async throws -> [SQLQueryString] {
        var conditions: [SQLQueryString] = ["department_code = \(bind: department)", "state NOT IN (\(binds: Self.closedStates))"]
        if mine, let scope = try await roleScope(department: department, roles: roles, sql: sql) { conditions.append(scope) }
        return conditions
    }

    func page(department: String, roles: Set<StaffRole>, filter: Filter) async throws -> Page {
        let sql = try database.sql()
        var conditions = try await openCases(department: department, roles: roles, mine: filter.scope == .mine, sql: sql)
        if let service = filter.service, !service.isEmpty { conditions.append("service_code = \(bind: service)") }
        if let state = filter.state { conditions.append("state = \(bind: state.rawValue)") }
        let base = conditions.joined(separator: " AND ")
        struct LevelCount: Decodable { let level: String; let n: Int }
        let counts = try await sql.raw("SELECT level, COUNT(*) AS n FROM cases WHERE \(base) GROUP BY level").all(decoding: LevelCount.self)
        var listed = base
        if let level = filter.level { listed = "\(listed) AND level = \(bind: level.rawValue)" }
        let total = filter.level.map { level in counts.first { $0.level == level.rawValue }?.n ?? 0 } ?? counts.map(\.n).reduce(0, +)
        let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, filter.page), pages)
        let records = try await sql.raw("""
            SELECT * FROM cases WHERE \(listed) \(Self.order)
            LIMIT \(unsafeRaw: String(Self.pageSize)) OFFSET \(unsafeRaw: String((page - 1) * Self.pageSize))
            """).all(decodingFluent: CaseRecord.self)
        return Page(counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.level, $0.n) }), records: records,
                    total: total, page: page, pages: pages)
    }

    /// The (service, state) pairs where the clerk's roles have a step to take, from each service's
    /// own workflow (a service without a 审查 stage gives that work to 受理); nil when the clerk has
    /// no case role (an administrator sees the department).
    private func roleScope(department: String, roles: Set<StaffRole>, sql: any SQLDatabase) async throws -> SQLQueryString? {
        guard !roles.isDisjoint(with: [.intake, .review, .approval]) else { return nil }
        struct Code: Decodable { let service_code: String }
        let codes = try await sql.raw("""
            SELECT DISTINCT service_code FROM cases WHERE department_code = \(bind: department) AND state NOT IN (\(binds: Self.closedStates))
            """).all(decoding: Code.self).map(\.service_code)
        // services grouped by the states the clerk acts in, so the condition stays short
        var servicesByStates: [[String]: [String]] = [:]
        for code in codes {
            guard let item = try await catalog.guide(code: code, on: database)?.guide.item else { continue }
            let workflow = CaseWorkflow(steps: item.steps)
            let states = CaseState.allCases.filter { state in
                workflow.actions(in: state, roles: roles, applicant: false).contains { $0 != .extend }
            }.map(\.rawValue)
            if !states.isEmpty { servicesByStates[states, default: []].append(code) }
        }
        guard !servicesByStates.isEmpty else { return "1 = 0" }
        let parts: [SQLQueryString] = servicesByStates.sorted { $0.key.joined() < $1.key.joined() }.map { states, services in
            "(service_code IN (\(binds: services)) AND state IN (\(binds: states)))"
        }
        return "(\(parts.joined(separator: " OR ")))"
    }
}
