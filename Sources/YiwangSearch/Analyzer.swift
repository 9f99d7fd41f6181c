/// Turns text into index terms: Han runs give single characters (`u:`), character bigrams (`b:`)
/// and the lexicon words they contain (`w:`); Latin letters and digits give whole words (`a:`).
/// Text is normalized first (NFKC, width, case) and traditional characters are simplified.
public struct Analyzer: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    public static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return false }
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF: return true
        default: return false
        }
    }

    /// Normalized, simplified text.
    public func normalize(_ text: String) -> String {
        ChineseVariants.simplify(TextNormalizer.normalize(text))
    }

    /// Runs of Han characters and runs of Latin letters/digits; everything else separates.
    public func runs(_ normalized: String) -> [(han: Bool, characters: [Character])] {
        var runs: [(Bool, [Character])] = []
        var current: [Character] = []
        var currentIsHan = false
        for character in normalized {
            let han = Self.isHan(character)
            let word = !han && character.isASCII && (character.isLetter || character.isNumber)
            if han || word {
                if !current.isEmpty && han != currentIsHan {
                    runs.append((currentIsHan, current))
                    current = []
                }
                currentIsHan = han
                current.append(character)
            } else if !current.isEmpty {
                runs.append((currentIsHan, current))
                current = []
            }
        }
        if !current.isEmpty { runs.append((currentIsHan, current)) }
        return runs
    }

    /// Terms for indexing, repeated as often as they occur (term frequency counts).
    public func terms(_ text: String) -> [String] {
        var terms: [String] = []
        for (han, characters) in runs(normalize(text)) {
            if han {
                for (index, character) in characters.enumerated() {
                    terms.append("u:" + String(character))
                    if index + 1 < characters.count { terms.append("b:" + String(characters[index...index + 1])) }
                }
                for (_, word) in lexicon.matches(in: characters) { terms.append("w:" + word) }
            } else {
                terms.append("a:" + String(characters))
            }
        }
        return terms
    }
}

/// A query term and how much it counts.
public struct WeightedTerm: Sendable, Hashable {
    public let term: String
    public let weight: Double

    public init(_ term: String, _ weight: Double) {
        self.term = term
        self.weight = weight
    }
}
