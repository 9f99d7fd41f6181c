import Foundation

/// A person's name as the resident ID card records it: Chinese characters — any of them, 一, 三 and
/// 万 included, which are numerals to `Character.isNumber` but ordinary in names — the middle dot
/// between the parts of a minority or foreign name (·), and the Latin letters some registrations
/// hold, with single spaces between Latin words. 2 to 30 characters.
public struct PersonName: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String { "请填写身份证上的姓名（2–30 个汉字，少数民族姓名可含间隔号“·”）" }
    }

    /// Dots people type for the name separator, read as the middle dot U+00B7.
    static let dots: Set<Character> = ["·", "•", "・", "‧", "∙", "⋅", "．", "."]

    public init(_ text: String) throws(Problem) {
        let normalized = NumberText.normalized(text).trimmingCharacters(in: .whitespaces)
        let name = String(normalized.map { Self.dots.contains($0) ? "·" : $0 })
        guard (2...30).contains(name.count), name.first != "·", name.last != "·", !name.contains("··"), !name.contains("  ")
        else { throw Problem() }
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            if character == "·" || Self.isHan(character) { continue }
            if character.isASCII, character.isLetter { continue }
            // a space only between two Latin letters
            if character == " ", index > 0, index < characters.count - 1,
               characters[index - 1].isASCII, characters[index - 1].isLetter,
               characters[index + 1].isASCII, characters[index + 1].isLetter { continue }
            throw Problem()
        }
        value = name
    }

    /// A Chinese character of any CJK block (unified ideographs, extensions, compatibility).
    static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && character.unicodeScalars.allSatisfy { $0.properties.isUnifiedIdeograph || (0xF900...0xFAFF).contains($0.value) }
    }

    public var description: String { Masking.name(value) }
}
