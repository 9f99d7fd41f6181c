import Foundation

/// Replaces personal identifiers in free text — citizen ID numbers, unified social credit codes,
/// mobile numbers — with placeholders, before text is logged, stored for review, or sent to a
/// language model.
public enum PersonalDataRedactor {
    private static let patterns: [(NSRegularExpression, String)] = [
        (try! NSRegularExpression(pattern: #"(?<![0-9A-Za-z])[1-9][0-9]{5}(18|19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9Xx](?![0-9A-Za-z])"#), "［身份证号］"),
        (try! NSRegularExpression(pattern: #"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"#), "［信用代码］"),
        (try! NSRegularExpression(pattern: #"(?<![0-9])(\+?86[- ]?)?1[3-9][0-9]([- ]?[0-9]{4}){2}(?![0-9])"#), "［手机号］"),
    ]

    public static func redact(_ text: String) -> String {
        var result = text
        for (pattern, replacement) in patterns {
            let range = NSRange(result.startIndex..., in: result)
            result = pattern.stringByReplacingMatches(in: result, range: range, withTemplate: replacement)
        }
        return result
    }

    public static func containsPersonalData(_ text: String) -> Bool {
        redact(text) != text
    }
}
