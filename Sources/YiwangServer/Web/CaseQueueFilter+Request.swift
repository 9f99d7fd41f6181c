import Vapor
import YiwangDomain

extension CaseQueue.Filter {
    /// `scope`, `level`, `service`, `state` and `page` from the query string, shared by the queue's
    /// API and page; a value that names nothing is refused in Chinese, never silently ignored.
    init(_ req: Request) throws {
        self.init()
        var errors = FieldErrors()
        if let raw = req.query[String.self, at: "scope"], !raw.isEmpty {
            if let scope = CaseQueue.Scope(rawValue: raw) { self.scope = scope } else { errors.add("scope", "scope 须为 mine 或 all") }
        }
        if let raw = req.query[String.self, at: "level"], !raw.isEmpty {
            level = DeadlineLevel(rawValue: raw)
            if level == nil { errors.add("level", "预警级别须为 " + DeadlineLevel.allCases.map(\.rawValue).joined(separator: "、")) }
        }
        if let raw = req.query[String.self, at: "state"], !raw.isEmpty {
            state = CaseState(rawValue: raw)
            if state == nil { errors.add("state", "办件状态须为 " + CaseState.allCases.map(\.rawValue).joined(separator: "、")) }
        }
        service = req.query[String.self, at: "service"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        if let raw = req.query[String.self, at: "page"], !raw.isEmpty {
            if let page = Int(raw), page >= 1, page <= 100_000 { self.page = page } else { errors.add("page", "页码须为 1 以上的整数") }
        }
        guard errors.isEmpty else { throw errors }
    }
}
