import Fluent
import SQLKit
import YiwangDomain

/// Reads the catalog for the API and the pages. Lists go through SQLKit: one query for the page,
/// one for the total, the same SQL on SQLite and PostgreSQL. Text search is the search engine's
/// (`ServiceFinder`); this filters by department and type.
struct CatalogRepository {
    let database: any Database

    private var sql: any SQLDatabase {
        get throws { try database.sql() }
    }

    /// The columns of a `ServiceSummary`, from items joined with their departments.
    static let summarySelect: SQLQueryString = """
        SELECT s.code, s.name, d.name AS department, s.department_code, s.type, s.online_level, \
        s.promised_days, s.statutory_days \
        FROM service_items s JOIN departments d ON d.code = s.department_code
        """

    func list(_ query: ServiceListQuery) async throws -> (items: [ServiceSummary], total: Int) {
        let filter = whereClause(query)
        let sql = try self.sql
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM service_items s" + filter)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        guard total > query.offset else { return ([], total) }
        let rows = try await sql.raw(Self.summarySelect + filter + " ORDER BY s.department_code, s.code" + " LIMIT \(bind: query.limit) OFFSET \(bind: query.offset)")
            .all(decoding: ServiceSummary.self, keyDecodingStrategy: .convertFromSnakeCase)
        return (rows, total)
    }

    /// Summaries of the given items, in the order given; unknown codes are left out.
    func summaries(codes: [String]) async throws -> [ServiceSummary] {
        guard !codes.isEmpty else { return [] }
        let rows = try await self.sql.raw(Self.summarySelect + " WHERE s.code IN (\(binds: codes))").all(decoding: ServiceSummary.self, keyDecodingStrategy: .convertFromSnakeCase)
        let byCode = Dictionary(rows.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return codes.compactMap { byCode[$0] }
    }

    func guide(code: String) async throws -> ServiceGuide? {
        guard let record = try await ServiceItemRecord.query(on: database)
            .filter(\.$id == code).with(\.$department).first()
        else { return nil }
        let count = try await ServiceItemRecord.query(on: database)
            .filter(\.$department.$id == record.$department.id).count()
        return ServiceGuide(
            item: try record.decodedGuide(),
            department: DepartmentSummary(record.department, itemCount: count),
            updatedAt: record.updatedAt
        )
    }

    func departments() async throws -> [DepartmentSummary] {
        let counts = try await self.sql.raw(
            "SELECT department_code, COUNT(*) AS n FROM service_items GROUP BY department_code"
        ).all(decoding: DepartmentCount.self)
        let byCode = Dictionary(uniqueKeysWithValues: counts.map { ($0.departmentCode, $0.n) })
        return try await DepartmentRecord.query(on: database).sort(\.$id).all()
            .map { DepartmentSummary($0, itemCount: byCode[$0.id ?? ""] ?? 0) }
    }

    func department(code: String) async throws -> DepartmentSummary? {
        guard let record = try await DepartmentRecord.find(code, on: database) else { return nil }
        let count = try await ServiceItemRecord.query(on: database).filter(\.$department.$id == code).count()
        return DepartmentSummary(record, itemCount: count)
    }

    func itemCount() async throws -> Int {
        try await ServiceItemRecord.query(on: database).count()
    }

    /// The whole catalog as catalog files, one per department, in code order.
    func export() async throws -> [CatalogFile] {
        let items = try await ServiceItemRecord.query(on: database).sort(\.$id).all()
        let grouped = Dictionary(grouping: items, by: { $0.$department.id })
        return try await DepartmentRecord.query(on: database).sort(\.$id).all().compactMap { department in
            guard let records = grouped[department.id ?? ""] else { return nil }
            return CatalogFile(department: department.department, items: try records.map { try $0.decodedGuide() })
        }
    }

    private func whereClause(_ query: ServiceListQuery) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let code = query.departmentCode { conditions.append("s.department_code = \(bind: code)") }
        if let type = query.type { conditions.append("s.type = \(bind: type.rawValue)") }
        guard !conditions.isEmpty else { return "" }
        return " WHERE " + conditions.joined(separator: " AND ")
    }

    /// A department's page: the department and its items; 404 when there is none.
    func departmentWithItems(code raw: String) async throws -> (DepartmentSummary, [ServiceSummary]) {
        let code = raw.uppercased()
        guard code.count <= 64, let department = try await self.department(code: code) else { throw ServiceError.notFound("没有找到这个部门") }
        var query = ServiceListQuery()
        query.departmentCode = code
        query.limit = ServiceListQuery.maxLimit
        return (department, try await self.list(query).items)
    }
}

private struct DepartmentCount: Decodable {
    let department_code: String
    let n: Int
    var departmentCode: String { department_code }
}

extension DepartmentSummary {
    init(_ record: DepartmentRecord, itemCount: Int) {
        self.init(code: record.id ?? "", name: record.name, shortName: record.shortName, address: record.address,
                  phone: record.phone, hours: record.hours, itemCount: itemCount)
    }
}
