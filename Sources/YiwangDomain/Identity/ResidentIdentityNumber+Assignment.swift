import Foundation

extension ResidentIdentityNumber {
    /// A new number compiled as the registration office does at 出生登记: the area, the birth date,
    /// a three-digit sequence (odd for a boy, even for a girl) and the check character.
    /// - Parameter serial: the how-many-th person of that sex registered for this area and birth
    ///   date, from 1; the sequence wraps within 001–999.
    public static func assign(area: String, birthDate: CivilDate, male: Bool, serial: Int) -> String? {
        guard area.count == 6, area.allSatisfy(\.isASCII), area.allSatisfy(\.isNumber), serial >= 1 else { return nil }
        let slot = (serial - 1) % 499  // 499 odd (001…997) and 499 even (002…998) sequences
        let sequence = male ? 2 * slot + 1 : 2 * slot + 2
        let body = area + String(format: "%04d%02d%02d%03d", birthDate.year, birthDate.month, birthDate.day, sequence)
        let digits = body.compactMap(\.wholeNumberValue)
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(checkCharacters[sum % 11])
    }
}
