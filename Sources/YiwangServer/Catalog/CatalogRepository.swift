import Fluent
import Vapor
import SQLKit
import YiwangDomain

/// Reads the catalog for the API and the pages. Lists go through SQLKit: one query for the page,
/// one for the total, the same SQL on SQLite and PostgreSQL. Text search is the search engine's
/// (`ServiceFinder`); this filters by department and type.
struct CatalogRepository {
    let database: any Database

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
            return sql
        }
    }

    /// The columns of a `ServiceSummaryDTO`, from items joined with their departments.
    static let summarySelect: SQLQueryString = """
        SELECT s.code, s.name, d.name AS department, s.department_code, s.type, s.online_level, \
        s.promised_days, s.statutory_days \
        FROM service_items s JOIN departments d ON d.code = s.department_code
        """

    func list(_ query: ServiceListQuery) async throws -> (items: [ServiceSummaryDTO], total: Int) {
        let filter = whereClause(query)
        let sql = try self.sql
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM service_items s" + filter)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        guard total > query.offset else { return ([], total) }
        let rows = try await sql.raw(Self.summarySelect + filter + " ORDER BY s.department_code, s.code" + " LIMIT \(bind: query.limit) OFFSET \(bind: query.offset)")
            .all(decoding: ServiceSummaryDTO.self, keyDecodingStrategy: .convertFromSnakeCase)
        return (rows, total)
    }

    /// Summaries of the given items, in the order given; unknown codes are left out.
    func summaries(codes: [String]) async throws -> [ServiceSummaryDTO] {
        guard !codes.isEmpty else { return [] }
        let rows = try await self.sql.raw(Self.summarySelect + " WHERE s.code IN (\(binds: codes))").all(decoding: ServiceSummaryDTO.self, keyDecodingStrategy: .convertFromSnakeCase)
        let byCode = Dictionary(rows.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return codes.compactMap { byCode[$0] }
    }

    func guide(code: String) async throws -> ServiceGuideDTO? {
        guard let record = try await ServiceItemRecord.query(on: database)
            .filter(\.$id == code).with(\.$department).first()
        else { return nil }
        let count = try await ServiceItemRecord.query(on: database)
            .filter(\.$department.$id == record.$department.id).count()
        return ServiceGuideDTO(
            item: try record.decodedGuide(),
            department: DepartmentDTO(record.department, itemCount: count),
            updatedAt: record.updatedAt
        )
    }

    func departments() async throws -> [DepartmentDTO] {
        let counts = try await self.sql.raw(
            "SELECT department_code, COUNT(*) AS n FROM service_items GROUP BY department_code"
        ).all(decoding: DepartmentCount.self)
        let byCode = Dictionary(uniqueKeysWithValues: counts.map { ($0.departmentCode, $0.n) })
        return try await DepartmentRecord.query(on: database).sort(\.$id).all()
            .map { DepartmentDTO($0, itemCount: byCode[$0.id ?? ""] ?? 0) }
    }

    func department(code: String) async throws -> DepartmentDTO? {
        guard let record = try await DepartmentRecord.find(code, on: database) else { return nil }
        let count = try await ServiceItemRecord.query(on: database).filter(\.$department.$id == code).count()
        return DepartmentDTO(record, itemCount: count)
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

}

private struct DepartmentCount: Decodable {
    let department_code: String
    let n: Int
    var departmentCode: String { department_code }
}

extension DepartmentDTO {
    init(_ record: DepartmentRecord, itemCount: Int) {
        self.init(code: record.id ?? "", name: record.name, shortName: record.shortName, address: record.address,
                  phone: record.phone, hours: record.hours, itemCount: itemCount)
    }
}
