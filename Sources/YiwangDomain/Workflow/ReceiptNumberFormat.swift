/// What a receipt number looks like, for looking one up: a case's is the area code (6 digits), the
/// day (8) and the day's sequence (6) — 20 digits; a 一件事's is the same behind "YJS".
public struct ReceiptNumberFormat: Sendable, Equatable {
    public let number: String
    public let isBundle: Bool

    public static let bundlePrefix = "YJS"
    static let digits = 20

    /// The receipt number in `text` (already without spaces, upper-cased), or nil.
    public static func parse(_ text: String) -> ReceiptNumberFormat? {
        let isBundle = text.hasPrefix(bundlePrefix)
        let body = isBundle ? text.dropFirst(bundlePrefix.count) : Substring(text)
        guard body.count == digits, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return ReceiptNumberFormat(number: text, isBundle: isBundle)
    }
}
