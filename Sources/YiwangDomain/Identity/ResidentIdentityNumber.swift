import Foundation

/// A citizen ID number (公民身份号码, GB 11643-1999): six digits of area, eight of birth date, three
/// of sequence (odd for men, even for women) and a check character (ISO 7064 MOD 11-2).
public struct ResidentIdentityNumber: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    /// Year, month and day of birth, as written in digits 7–14.
    public let birthDate: CivilDate
    public let areaCode: String

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case length, characters, birthDate, futureBirthDate, checkDigit

        public var description: String {
            switch self {
            case .length: "身份证号码应为 18 位"
            case .characters: "身份证号码前 17 位应为数字，最后一位为数字或 X"
            case .birthDate: "身份证号码中的出生日期不存在"
            case .futureBirthDate: "身份证号码中的出生日期晚于今天"
            case .checkDigit: "身份证号码校验位不正确，请核对后重新输入"
            }
        }
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// Parses and checks a number typed by a person: full-width digits, spaces and dashes inside
    /// are read as `NumberText` reads them, and a lower-case x is accepted.
    /// - Parameter today: birth dates after this day are refused.
    public init(_ text: String, today: CivilDate) throws(Problem) {
        let characters = Array(NumberText.compact(text))
        guard characters.count == 18 else { throw .length }
        let digits = characters.prefix(17).compactMap { $0.wholeNumberValue }
        guard digits.count == 17, characters.prefix(17).allSatisfy(\.isASCII),
              characters[17].isASCII, characters[17].isNumber || characters[17] == "X" else { throw .characters }
        guard let year = Int(String(characters[6..<10])), let month = Int(String(characters[10..<12])),
              let day = Int(String(characters[12..<14])), year >= 1880,
              let birth = CivilDate(year: year, month: month, day: day) else { throw .birthDate }
        guard birth <= today else { throw .futureBirthDate }
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard Self.checkCharacters[sum % 11] == characters[17] else { throw .checkDigit }
        value = String(characters)
        birthDate = birth
        areaCode = String(characters.prefix(6))
    }

    /// Full years of age on `day`.
    public func age(on day: CivilDate) -> Int { birthDate.fullYears(until: day) }

    /// 43**************12: the first two and last two characters.
    public var masked: String { Masking.idNumber(value) }

    public var description: String { masked }
}
