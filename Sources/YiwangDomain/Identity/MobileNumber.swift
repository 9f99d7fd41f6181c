/// A mainland mobile number: 11 digits starting 1[3-9]. A leading +86 or 86, full-width digits,
/// and spaces or dashes inside (see `NumberText`) are accepted and dropped.
public struct MobileNumber: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String { "手机号码应为 11 位数字，以 13–19 开头" }
    }

    public init(_ text: String) throws(Problem) {
        var digits = NumberText.compact(text)
        if digits.hasPrefix("+86") { digits.removeFirst(3) } else if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        let characters = Array(digits)
        guard characters.count == 11, characters.allSatisfy({ $0.isASCII && $0.isNumber }),
              characters[0] == "1", let second = characters[1].wholeNumberValue, second >= 3 else { throw Problem() }
        value = digits
    }

    /// 138****5678.
    public var masked: String { Masking.phone(value) }

    public var description: String { masked }
}
