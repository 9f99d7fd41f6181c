import Foundation

/// How numbers typed by people are read before anything recognises, checks, masks, redacts or
/// looks them up: full-width digits and letters (０–９, Ｘ …), the full-width plus and dash and the
/// ideographic space read as their ASCII selves — the compatibility mapping of NFKC, kept to what
/// numbers are made of, so Chinese punctuation around them stays as written — then the spaces and
/// dashes people put inside numbers ("139-1234-5678", "430102 19900101 1234") dropped, and letters
/// upper-cased.
public enum NumberText {
    /// Characters people type between the digits of one number.
    static let separators: Set<Character> = [" ", "-", "\u{00A0}", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}", "\t"]

    /// The number as one run of characters: `"１３９ 1234－5678"` → `"13912345678"`.
    public static func compact(_ text: String) -> String {
        String(normalized(text).filter { !separators.contains($0) }).uppercased()
    }

    /// Full-width digits, letters, plus and dashes, and the ideographic space, as ASCII; everything
    /// else as it is.
    public static func normalized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A, 0xFF0B, 0xFF0D:
                scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000:
                scalars.append(" ")
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
