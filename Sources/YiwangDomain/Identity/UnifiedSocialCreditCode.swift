/// A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
/// set without I, O, S, V and Z, the last a check character (weighted sum modulo 31).
public struct UnifiedSocialCreditCode: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case length, characters, checkCharacter

        public var description: String {
            switch self {
            case .length: "统一社会信用代码应为 18 位"
            case .characters: "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）"
            case .checkCharacter: "统一社会信用代码校验位不正确，请核对后重新输入"
            }
        }
    }

    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public init(_ text: String) throws(Problem) {
        let characters = Array(NumberText.compact(text))
        guard characters.count == 18 else { throw .length }
        let values = characters.compactMap { Self.alphabet.firstIndex(of: $0) }
        guard values.count == 18 else { throw .characters }
        let sum = zip(values.prefix(17), Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard values[17] == (31 - sum % 31) % 31 else { throw .checkCharacter }
        value = String(characters)
    }

    public var description: String { value }

    /// A new code as the registration authority assigns it: 9 (市场监管), the category digit, the
    /// area, a 主体标识码 of "MA" and six digits of `serial` with its GB 11714 check character, and
    /// the check character.
    public static func assign(category: Character, area: String, serial: Int) -> String? {
        guard area.count == 6, area.allSatisfy({ $0.isASCII && $0.isNumber }), serial >= 0 else { return nil }
        let body = "MA" + String(format: "%06d", serial % 1_000_000)
        let organization = body + String(organizationCheck(body))
        let seventeen = Array("9" + String(category) + area + organization)
        let values = seventeen.compactMap { alphabet.firstIndex(of: $0) }
        guard values.count == 17 else { return nil }
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return String(seventeen) + String(alphabet[(31 - sum % 31) % 31])
    }

    /// The check character of an eight-character organization code body (GB 11714-1997).
    public static func organizationCheck(_ body: String) -> Character {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { total, pair in
            let value = pair.0.wholeNumberValue ?? Int(pair.0.asciiValue ?? 65) - 55  // A = 10 … Z = 35
            return total + value * pair.1
        }
        let check = 11 - sum % 11
        return check == 10 ? "X" : check == 11 ? "0" : Character(String(check))
    }
}
