/// How personal numbers are shown to people who need not see them in full.
public enum Masking {
    /// 138****5678: the first three and last four digits.
    public static func phone(_ value: String) -> String {
        keep(value, first: 3, last: 4)
    }

    /// 43**************12: the first two and last two characters, the rest starred.
    public static func idNumber(_ value: String) -> String {
        keep(value, first: 2, last: 2)
    }

    /// 张*, 欧阳** : the first character of a name.
    public static func name(_ value: String) -> String {
        keep(value, first: 1, last: 0)
    }

    /// A form value as it may be shown to someone who need not see it in full: ID and mobile numbers
    /// masked, and a bank card or account number (a text of 12–30 digits) to its last four.
    public static func value(_ value: String, of type: FieldType) -> String {
        switch type {
        case .idNumber: idNumber(value)
        case .phone: phone(value)
        case .text where isAccountNumber(value): keep(NumberText.compact(value), first: 0, last: 4)
        default: value
        }
    }

    /// 12–30 digits, however typed: a bank card or account number.
    static func isAccountNumber(_ value: String) -> Bool {
        let digits = NumberText.compact(value)
        return (12...30).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func keep(_ value: String, first: Int, last: Int) -> String {
        let characters = Array(value)
        guard characters.count > first + last else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(first)) + String(repeating: "*", count: characters.count - first - last)
            + String(characters.suffix(last))
    }
}
