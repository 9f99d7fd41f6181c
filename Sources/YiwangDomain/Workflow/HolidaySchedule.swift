import Foundation

/// One year's official holiday schedule: the public holidays, and the weekend days worked instead
/// (调休上班). Read from the holiday-cn JSON format (`{"year": 2026, "days": [{"name", "date",
/// "isOffDay"}]}`).
public struct HolidaySchedule: Sendable, Equatable {
    public struct Day: Sendable, Equatable, Codable {
        public let name: String
        public let date: CivilDate
        /// True for a holiday; false for a weekend day that is worked.
        public let isOffDay: Bool

        public init(name: String, date: CivilDate, isOffDay: Bool) {
            self.name = name
            self.date = date
            self.isOffDay = isOffDay
        }
    }

    public let year: Int
    public let days: [Day]
    /// Where the schedule was published.
    public let papers: [String]
    private let byDate: [CivilDate: Day]

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(String)
        case outsideYear(CivilDate)
        case duplicate(CivilDate)
        case empty

        public var description: String {
            switch self {
            case .unreadable(let reason): "日历文件无法读取：\(reason)"
            case .outsideYear(let date): "\(date) 不在该年度内"
            case .duplicate(let date): "\(date) 重复出现"
            case .empty: "日历文件中没有任何节假日"
            }
        }
    }

    public init(year: Int, days: [Day], papers: [String] = []) throws(Problem) {
        guard !days.isEmpty else { throw .empty }
        var byDate: [CivilDate: Day] = [:]
        for day in days {
            guard day.date.year == year else { throw .outsideYear(day.date) }
            guard byDate.updateValue(day, forKey: day.date) == nil else { throw .duplicate(day.date) }
        }
        self.year = year
        self.days = days.sorted { $0.date < $1.date }
        self.papers = papers
        self.byDate = byDate
    }

    private struct File: Codable {
        let year: Int
        let papers: [String]?
        let days: [Day]
    }

    public static func decode(_ data: Data) throws(Problem) -> HolidaySchedule {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw .unreadable(String(describing: error).prefix(200).description)
        }
        return try HolidaySchedule(year: file.year, days: file.days, papers: file.papers ?? [])
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(File(year: year, papers: papers, days: days))
    }

    /// The listed entry for a day, if any.
    public func entry(_ date: CivilDate) -> Day? { byDate[date] }
}
