import Foundation

/// Replaces personal identifiers in free text — citizen ID numbers, unified social credit codes,
/// mobile numbers — with placeholders, before text is logged, stored for review, or sent to a
/// language model. Numbers are found however they are typed: full-width (１３９…), with spaces or
/// dashes inside ("430102 19900101 1234", "139-1234-5678"), with +86 in front. The text comes
/// back with full-width digits and letters as ASCII (see `NumberText`), its punctuation as it was.
public enum PersonalDataRedactor {
    static let idPlaceholder = "［身份证号］"
    static let creditCodePlaceholder = "［信用代码］"
    static let phonePlaceholder = "［手机号］"

    /// A run of digit groups that may be one number or several: groups of digits (the last may end
    /// in X), each group separated from the next by one separator; nothing alphanumeric around it.
    private static let numberRun = try! NSRegularExpression(
        pattern: #"(?<![0-9A-Za-z])(?:\+?86[ \-]?)?[0-9]+(?:[ \-][0-9]+)*[Xx]?(?![0-9A-Za-z])"#)
    private static let group = try! NSRegularExpression(pattern: #"[0-9]+[Xx]?"#)
    private static let idNumber = try! NSRegularExpression(pattern: #"^[1-9][0-9]{5}(18|19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9X]$"#)
    private static let mobile = try! NSRegularExpression(pattern: #"^(86)?1[3-9][0-9]{9}$"#)
    private static let creditCode = try! NSRegularExpression(
        pattern: #"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"#)

    public static func redact(_ text: String) -> String {
        var result = NumberText.normalized(text)
        result = redactNumberRuns(result)
        let range = NSRange(result.startIndex..., in: result)
        return creditCode.stringByReplacingMatches(in: result, range: range, withTemplate: creditCodePlaceholder)
    }

    public static func containsPersonalData(_ text: String) -> Bool {
        redact(text) != NumberText.normalized(text)
    }

    /// Within each run of digit groups, the longest consecutive groups that together read as an ID
    /// or a mobile number are replaced, left to right: "13912345678 430102199001011234" is two
    /// numbers; "430102 19900101 1234" is one.
    private static func redactNumberRuns(_ text: String) -> String {
        let whole = text as NSString
        var output = ""
        var cursor = 0
        for run in numberRun.matches(in: text, range: NSRange(location: 0, length: whole.length)) {
            let groups = group.matches(in: text, range: run.range).map(\.range)
            // a leading +86 belongs to the first group of a mobile number
            let prefix = whole.substring(with: NSRange(location: run.range.location, length: (groups.first?.location ?? 0) - run.range.location))
            var start = 0
            while start < groups.count {
                var matched: (end: Int, placeholder: String)?
                var digits = ""
                for end in start..<groups.count {
                    digits += whole.substring(with: groups[end]).uppercased()
                    if digits.count > 18 { break }
                    let candidate = (start == 0 && prefix.contains("86") ? "86" : "") + digits
                    if matches(idNumber, digits) { matched = (end, idPlaceholder) }
                    else if matches(mobile, candidate) || matches(mobile, digits) { matched = (end, phonePlaceholder) }
                }
                guard let found = matched else { start += 1; continue }
                let from = start == 0 ? run.range.location : groups[start].location
                let to = groups[found.end].location + groups[found.end].length
                output += whole.substring(with: NSRange(location: cursor, length: from - cursor)) + found.placeholder
                cursor = to
                start = found.end + 1
            }
        }
        return output + whole.substring(from: cursor)
    }

    private static func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }
}
