import Foundation

/// "营业执照已经有了，还要办什么证", "不是公司那种", "我有残疾证": what the citizen already holds,
/// or says they do not mean, is not what they are asking for. Finds those phrases so that the
/// services they stand for can be set aside.
enum HeldDocuments {
    /// Group 1 is the phrase; `before` marks patterns where it stands before the marker.
    private static let patterns: [(regex: NSRegularExpression, before: Bool)] = [
        (#"([\p{Han}A-Za-z]{2,10}?)(?:已经|早就|都已|都|已)(?:有了|办了|办好了|办下来了|拿到了|领了)"#, true),
        (#"不是(\p{Han}{1,6}?)(?:那种|这种|那样)"#, false),
        (#"(?:我有|又有|已有|持有|手上有|手里有)(\p{Han}{2,8}?证)"#, false),
        (#"(?:我是|我家是|家里是|属于)(\p{Han}{2,4}?户)"#, false),
        (#"在\p{Han}{1,4}(?:参|交|缴|买)的(医保|社保|医疗保险|养老保险)"#, false),
        (#"(医保|社保|医疗保险|养老保险)(?:是|一直)?在\p{Han}{1,4}(?:参|交|缴|买)?的?"#, false),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// The phrases held, and the message with them taken out. `knownSuffix` narrows a phrase like
    /// "奶茶店营业执照" to the catalog word at its end ("营业执照"), so "奶茶店" stays in the message.
    static func split(_ normalized: String, knownSuffix: (String) -> String?) -> (held: [String], rest: String) {
        var held: [String] = []
        var rest = normalized
        for (regex, before) in patterns {
            let range = NSRange(rest.startIndex..., in: rest)
            for match in regex.matches(in: rest, range: range).reversed() {
                guard let phraseRange = Range(match.range(at: 1), in: rest),
                      let clauseRange = Range(match.range, in: rest) else { continue }
                var phrase = String(rest[phraseRange])
                var removal = clauseRange
                if before, let word = knownSuffix(phrase) ?? (phrase.count > 4 ? String(phrase.suffix(4)) : nil),
                   word != phrase {
                    removal = rest.index(phraseRange.upperBound, offsetBy: -word.count)..<clauseRange.upperBound
                    phrase = word
                }
                held.append(phrase)
                rest.replaceSubrange(removal, with: " ")
            }
        }
        return (held, rest)
    }
}
