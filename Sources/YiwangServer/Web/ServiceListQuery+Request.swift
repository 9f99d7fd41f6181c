import Vapor

extension Request {
    /// The catalog list's query as the address gives it: `q`, `department`, `type`, `limit` and
    /// `offset` read here, in the web layer, and handed to `ServiceListQuery.parse`, which knows no request.
    func serviceListQuery(pageSize: Int? = nil) throws -> ServiceListQuery {
        let parsed = ServiceListQuery.parse(
            q: query[String.self, at: "q"],
            department: query[String.self, at: "department"],
            type: query[String.self, at: "type"],
            limit: query[String.self, at: "limit"] ?? pageSize.map(String.init),
            offset: query[String.self, at: "offset"]
        )
        switch parsed {
        case .success(let query): return query
        case .failure(let errors): throw errors
        }
    }
}
