import Foundation

/// Folds the ways citizens type the same text into one form: Unicode NFKC (which also turns
/// full-width letters, digits and punctuation into half-width), lower case, single spaces.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
        if let plain = normalizePlain(text) { return plain }
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for character in folded {
            if character.unicodeScalars.allSatisfy(isInvisible) { continue }
            if character.isWhitespace || character.unicodeScalars.allSatisfy(isControl) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" "); pendingSpace = false }
            result.append(character)
        }
        return result
    }

    /// The common case — ASCII, CJK ideographs and CJK punctuation, which NFKC leaves as they are
    /// and where every scalar is a character of its own — folded scalar by scalar, without
    /// Foundation's NFKC or grapheme breaking. Nil when the text holds anything else.
    private static func normalizePlain(_ text: String) -> String? {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x20, 0x7F:  // whitespace and control characters separate
                pendingSpace = !result.isEmpty
                continue
            case 0x41...0x5A:
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x21...0x7E, 0x4E00...0x9FFF, 0x3001, 0x3002, 0x3008...0x3011:
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.append(scalar)
            default:
                return nil
            }
        }
        return String(result)
    }

    /// The whitespace-separated terms of a normalized query.
    public static func terms(_ text: String) -> [String] {
        normalize(text).split(separator: " ").map(String.init)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    /// Zero-width and other format characters that pasted text carries: dropped without a trace.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .format
    }
}
