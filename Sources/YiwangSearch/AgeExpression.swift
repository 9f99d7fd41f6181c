/// Ages people mention ("我爸85岁了", "奶奶九十二周岁") turned into the words the catalog uses for
/// that stage of life: 80 and over is 高龄 (the threshold of the 高龄津贴 in every Chinese province),
/// 60 and over is 老年人 (老年人权益保障法 art. 2), under 18 is 未成年人 (民法典 art. 17).
public enum AgeExpression {
    /// The ages written in the text, in Arabic or Chinese numerals, before 岁 or 周岁.
    public static func ages(in text: String) -> [Int] {
        let characters = Array(text)
        var ages: [Int] = []
        for (index, character) in characters.enumerated() where character == "岁" {
            var end = index
            if end > 0, characters[end - 1] == "周" { end -= 1 }
            var start = end
            while start > 0, isNumeral(characters[start - 1]), end - start < 4 { start -= 1 }
            if start < end, let age = value(of: Array(characters[start..<end])), (0...130).contains(age) { ages.append(age) }
        }
        return ages
    }

    /// The words for the ages in the text.
    public static func words(in text: String) -> [String] {
        ages(in: text).flatMap { age -> [String] in
            if age >= 80 { return ["高龄老人", "老年人"] }
            if age >= 60 { return ["老年人"] }
            if age < 18 { return ["未成年人"] }
            return []
        }
    }

    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                           "六": 6, "七": 7, "八": 8, "九": 9]

    static func isNumeral(_ character: Character) -> Bool {
        (character.isASCII && character.isNumber) || digits[character] != nil || character == "十" || character == "百"
    }

    /// 85, 八十五, 八五, 十二, 一百零二.
    static func value(of numeral: [Character]) -> Int? {
        if numeral.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(String(numeral)) }
        guard numeral.allSatisfy({ !$0.isASCII }) else { return nil }
        if !numeral.contains("十") && !numeral.contains("百") {  // 八五: digit by digit
            return numeral.reduce(0) { value, character in value * 10 + (digits[character] ?? 0) }
        }
        var total = 0, current = 0
        for character in numeral {
            if let digit = digits[character] {
                current = digit
            } else if character == "十" {
                total += (current == 0 ? 1 : current) * 10
                current = 0
            } else if character == "百" {
                total += (current == 0 ? 1 : current) * 100
                current = 0
            }
        }
        return total + current
    }
}
