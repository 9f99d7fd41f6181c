import Foundation

/// Folds the ways citizens type the same text into one form: Unicode NFKC (which also turns
/// full-width letters, digits and punctuation into half-width), lower case, single spaces.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
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
