import Fluent
import Foundation
import SQLKit
import YiwangDomain

/// 办件编号: the province's area code, the day (China time) and that day's sequence number,
/// e.g. 43000020261129000042. The sequence comes from one atomic upsert, so two nodes never hand
/// out the same number.
enum ReceiptNumbers {
    static let areaCode = "430000"

    static func next(on database: any Database, today: CivilDate = .today()) async throws -> String {
        let day = String(format: "%04d%02d%02d", today.year, today.month, today.day)
        return areaCode + day + String(format: "%06d", try await nextValue(of: "receipt-" + day, on: database))
    }

    /// The next value of a named counter (1 first): one atomic upsert.
    static func nextValue(of counter: String, on database: any Database) async throws -> Int {
        let sql = try database.sql()
        let row = try await sql.raw("""
            INSERT INTO counters (name, value) VALUES (\(bind: counter), 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            RETURNING value
            """).first()
        guard let value = try row?.decode(column: "value", as: Int.self) else {
            throw ServiceError.unavailable("无法生成编号")
        }
        return value
    }
}
