import Fluent
import Foundation
import SQLKit
import Vapor
import YiwangDomain

/// `yiwang bench workflow`: working-day deadlines for a million cases in memory, and the deadline
/// sweep over open cases in a fresh SQLite (and PostgreSQL) database — once on a new day (levels
/// move), once more with nothing to change, and the full recount a replaced holiday schedule
/// causes. Prints figures; asserts nothing.
public enum WorkflowBenchmark {
    public static func run(cases: Int, openCases: Int, postgresURL: String? = nil) async throws -> [String] {
        var lines: [String] = []
        let directory = ResourceLocator.rootDirectory() + "/Resources/Calendar"
        let calendar = WorkdayCalendar(schedules: try [2025, 2026].map { year in
            try HolidaySchedule.decode(Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(year).json")))
        })
        var generator = SplitMix64(seed: 20_261_129)
        // cases accepted over the last 60 days with limits of 1–40 working days, judged on one day
        let today = CivilDate(year: 2026, month: 10, day: 15)!
        let clocks = (0..<cases).map { _ in
            DeadlineClock(limit: Int(generator.next() % 40) + 1, acceptedOn: today.adding(days: -Int(generator.next() % 60)))
        }
        let began = ContinuousClock.now
        var levels: [DeadlineLevel: Int] = [:]
        for clock in clocks {
            levels[DeadlineTiming.compute(promised: clock, state: .reviewing, on: today, calendar: calendar).level, default: 0] += 1
        }
        let seconds = (ContinuousClock.now - began).seconds
        lines.append(String(format: "deadlines: %d cases (deadline + warning day + days left + level) in %.3f s, %.0f cases/s, %.2f µs each",
                            cases, seconds, Double(cases) / seconds, seconds / Double(cases) * 1e6))
        lines.append("  levels on \(today): " + DeadlineLevel.allCases.map { "\($0.label) \(levels[$0] ?? 0)" }.joined(separator: ", "))

        try await Benchmarks.withScratchApplication(seed: true) { app in
            lines += try await sweep(app, engine: "SQLite", openCases: openCases, calendar: calendar, generator: &generator)
        }
        if let postgresURL {
            try await withPostgres(url: postgresURL) { app in
                lines += try await sweep(app, engine: "PostgreSQL", openCases: openCases, calendar: calendar, generator: &generator)
            }
        }
        return lines
    }

    static func sweep(_ app: Application, engine: String, openCases: Int, calendar: WorkdayCalendar,
                      generator: inout SplitMix64) async throws -> [String] {
        guard let sql = app.db as? any SQLDatabase else { return [] }
        var lines: [String] = []
        let account = try await requireAccount(app)
        var began = ContinuousClock.now
        try await insertOpenCases(openCases, account: account, sql: sql, emptyForm: try app.personalData.sealForm([:]), calendar: calendar,
                                  generator: &generator)
        lines.append(String(format: "sweep setup: %d open cases inserted in %.1f s (%@)", openCases,
                            (ContinuousClock.now - began).seconds, engine))
        let day = CivilDate(year: 2026, month: 10, day: 16)!
        let sweeper = DeadlineSweeper(database: app.db, catalog: app.catalogCache, today: day)
        for title in ["a new day", "the same day again, nothing to change", "recount of every deadline (a replaced schedule)"] {
            began = ContinuousClock.now
            let report = title.hasPrefix("recount") ? try await sweeper.recount(everything: true) : try await sweeper.sweep()
            let seconds = (ContinuousClock.now - began).seconds
            lines.append(String(format: "sweep (%@) over %d open cases: %d levels changed, %d recounted, %d notifications, %.2f s (%@)",
                                title, openCases, report.changed, report.recomputed, report.notified, seconds, engine))
        }
        return lines
    }

    /// A fresh schema in the given PostgreSQL database, migrated and seeded, dropped afterwards.
    static func withPostgres(url: String, _ work: (Application) async throws -> Void) async throws {
        let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yiwang-bench-\(schema)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = AppConfig(dataDirectory: directory, logLevel: .warning, seedDemoData: false)
        config.storage = .postgres(url: url)
        try await YiwangRuntime.withApplication(config: config, options: BootOptions(prepare: false, postgresSearchPath: [schema])) { app in
            let sql = try app.db.sql()
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
            do {
                try await Boot.prepare(app, seedDemo: true)
                try await work(app)
            } catch {
                try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
                throw error
            }
            try await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
    }

    private static func requireAccount(_ app: Application) async throws -> UUID {
        guard let id = try await AccountRecord.find(login: DemoAccounts.citizens[0].login, vault: app.personalData, on: app.db)?.id else {
            throw CatalogTaskError("demo account missing")
        }
        return id
    }

    /// Accepted cases of 最低生活保障申请 with 30-day clocks, as the sweep found them yesterday.
    private static func insertOpenCases(_ count: Int, account: UUID, sql: any SQLDatabase, emptyForm: String, calendar: WorkdayCalendar,
                                        generator: inout SplitMix64) async throws {
        let yesterday = CivilDate(year: 2026, month: 10, day: 15)!
        let batch = 400
        var index = 0
        while index < count {
            let size = min(batch, count - index)
            var drafts: [SQLQueryString] = []
            var cases: [SQLQueryString] = []
            for offset in 0..<size {
                let draft = UUID(), caseID = UUID()
                let accepted = yesterday.adding(days: -Int(generator.next() % 40))
                let clock = DeadlineClock(limit: 30, acceptedOn: accepted)
                let timing = DeadlineTiming.compute(promised: clock, state: .reviewing, on: yesterday, calendar: calendar, yellowAt: 5)
                let json = try StoredJSON.encode(clock)
                drafts.append("(\(bind: draft), 'HN-MZT-003', \(bind: account), \(bind: emptyForm), 1, 'submitted')")
                cases.append("""
                    (\(bind: caseID), \(bind: String(format: "B%019d", index + offset)), 'HN-MZT-003', '最低生活保障申请', 'MZT', \
                    \(bind: account), \(bind: draft), \(bind: emptyForm), '审查中', \(bind: Date()), 1, \(bind: accepted.description), \(bind: json), \
                    \(bind: timing.deadline?.description), \(bind: timing.warningDay?.description), \(bind: timing.remaining), \
                    \(bind: timing.level.rawValue), \(bind: false))
                    """)
            }
            try await sql.raw("INSERT INTO application_drafts (id, service_code, account_id, form_values, version, status) VALUES \(drafts.joined(separator: ", "))").run()
            try await sql.raw("""
                INSERT INTO cases (id, receipt_number, service_code, service_name, department_code, account_id, draft_id, form_values,
                  state, submitted_at, version, accepted_on, promised_clock, deadline_on, warning_on, remaining_days, level, green_channel)
                VALUES \(cases.joined(separator: ", "))
                """).run()
            index += size
        }
    }
}

extension Array where Element == SQLQueryString {
    func joined(separator: String) -> SQLQueryString {
        var result: SQLQueryString = ""
        for (index, part) in enumerated() {
            if index > 0 { result.appendLiteral(separator) }
            result.appendInterpolation(part)
        }
        return result
    }
}
