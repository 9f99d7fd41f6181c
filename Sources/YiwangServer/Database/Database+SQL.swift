import Fluent
import SQLKit

extension Database {
    /// The database as SQL, for the queries Fluent does not express (set-based updates, paging in SQL).
    /// Both drivers the platform runs on are SQL databases.
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw ServiceError.unavailable("数据库不支持 SQL 查询") }
        return sql
    }
}
