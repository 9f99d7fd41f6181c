import Vapor

extension ServiceListQuery {
    /// Reads `q`, `department`, `type`, `limit` and `offset` from the query string.
    static func from(_ req: Request, pageSize: Int? = nil) throws -> ServiceListQuery {
        let parsed = parse(
            q: req.query[String.self, at: "q"],
            department: req.query[String.self, at: "department"],
            type: req.query[String.self, at: "type"],
            limit: req.query[String.self, at: "limit"] ?? pageSize.map(String.init),
            offset: req.query[String.self, at: "offset"]
        )
        switch parsed {
        case .success(let query): return query
        case .failure(let errors): throw errors
        }
    }
}
