import Foundation

/// Parses the portal's time-limit text: "30(工作日)", "15（自然日）", "30个工作日", "即办", or "无" (no limit).
public enum TimeLimitText {
    public struct Parsed: Sendable, Equatable {
        public let days: Int?
        public let unit: LimitUnit?

        public init(days: Int?, unit: LimitUnit?) {
            self.days = days
            self.unit = unit
        }
    }

    /// nil when the text is neither a limit nor an explicit "none".
    public static func parse(_ raw: String?) -> Parsed? {
        let text = (raw ?? "").filter { !$0.isWhitespace }
            .replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
        switch text {
        case "", "无", "不限": return Parsed(days: nil, unit: nil)
        case "即办", "即办件": return Parsed(days: 0, unit: .workingDays)
        default: break
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard let days = Int(digits), days <= 3650 else { return nil }
        let unitText = text.dropFirst(digits.count).trimmingCharacters(in: CharacterSet(charactersIn: "()个天"))
        switch unitText {
        case "工作日", "": return Parsed(days: days, unit: .workingDays)
        case "自然日", "日": return Parsed(days: days, unit: .calendarDays)
        default: return nil
        }
    }
}
