/// The domain vocabulary — item names, aliases, material names, departments, official terms — that
/// the analyzer recognises as whole words, with a deletion index for words typed with one
/// character wrong, missing or extra.
public struct Lexicon: Sendable {
    public static let maxWordLength = 16
    /// Fuzzy matching only for words this long: shorter ones are too easy to hit by accident.
    static let minFuzzyLength = 4
    static let minSubstitutionLength = 5
    /// Typo tolerance stops at words this long: a longer name typed with a slip still shares most
    /// of its bigrams and shorter words with the original, which find it anyway.
    static let maxFuzzyLength = 10

    public private(set) var words: Set<String> = []
    /// Every proper prefix of a word, so that matching stops as soon as no word can follow.
    private var prefixes: Set<String> = []
    /// Every lexicon word with one character deleted → the words it came from.
    private var deletions: [String: [String]] = [:]
    /// First and last two characters of the words typo tolerance applies to: a stretch of a query
    /// that shares neither end with any such word cannot be one typo away from one.
    private var fuzzyEnds: Set<String> = []

    public init<S: Sequence>(_ words: S) where S.Element == String {
        for word in words { insert(word) }
    }

    /// Adds a word; a name with a bracketed qualifier ("户口迁移（省内）") adds its base too.
    public mutating func insert(_ raw: String) {
        let normalized = TextNormalizer.normalize(raw)
        if let open = normalized.firstIndex(where: { $0 == "(" || $0 == "（" }), open > normalized.startIndex {
            insertWord(String(normalized[..<open]))
        }
        insertWord(normalized)
    }

    private mutating func insertWord(_ word: String) {
        let count = word.count
        guard count >= 2, count <= Self.maxWordLength, word.allSatisfy(Analyzer.isHan),
              words.insert(word).inserted else { return }
        var prefix = ""
        for character in word.dropLast() {
            prefix.append(character)
            prefixes.insert(prefix)
        }
        guard count >= Self.minFuzzyLength, count <= Self.maxFuzzyLength else { return }
        fuzzyEnds.insert("<" + String(word.prefix(2)))
        fuzzyEnds.insert(">" + String(word.suffix(2)))
        for deletion in Self.deletions(of: Array(word)) {
            deletions[deletion, default: []].append(word)
        }
    }

    public func contains(_ word: String) -> Bool { words.contains(word) }

    /// Every lexicon word that occurs in `characters`, with its start position.
    func matches(in characters: [Character]) -> [(start: Int, word: String)] {
        var found: [(Int, String)] = []
        for start in characters.indices {
            var candidate = ""
            for length in 1...min(Self.maxWordLength, characters.count - start) {
                candidate.append(characters[start + length - 1])
                if length >= 2, words.contains(candidate) { found.append((start, candidate)) }
                if !prefixes.contains(candidate) { break }
            }
        }
        return found
    }

    /// Lexicon words one edit away from `text` (one character wrong, missing or extra).
    func fuzzyMatches(of text: String) -> Set<String> {
        let characters = Array(text)
        guard characters.count >= 2, fuzzyStart(characters[0], characters[1])
            || fuzzyEnd(characters[characters.count - 2], characters[characters.count - 1]) else { return [] }
        return fuzzyMatches(characters: characters, text: text)
    }

    /// Whether a fuzzy word can start, or end, with these two characters.
    func fuzzyStart(_ first: Character, _ second: Character) -> Bool { fuzzyEnds.contains("<" + String([first, second])) }
    func fuzzyEnd(_ first: Character, _ second: Character) -> Bool { fuzzyEnds.contains(">" + String([first, second])) }

    /// `fuzzyMatches(of:)` for a caller that has checked the ends already.
    func fuzzyMatches(characters: [Character], text: String) -> Set<String> {
        guard characters.count >= Self.minFuzzyLength - 1, characters.count <= Self.maxWordLength + 1 else { return [] }
        var found = Set<String>()
        // one character missing from what was typed: the text is a deletion of a word
        for word in deletions[text] ?? [] { found.insert(word) }
        for deletion in Self.deletions(of: characters) {
            // one character extra: a deletion of the text is a word
            if deletion.count >= Self.minFuzzyLength, words.contains(deletion) { found.insert(deletion) }
            // one character wrong: both lose the same position. Only in longer words: in a word of
            // four, one changed character is often the word that matters (护照过期 is not 驾照过期).
            guard characters.count >= Self.minSubstitutionLength else { continue }
            for word in deletions[deletion] ?? [] where word.count == characters.count { found.insert(word) }
        }
        found.remove(text)
        return found
    }

    static func deletions(of characters: [Character]) -> [String] {
        characters.indices.map { index in
            var copy = characters
            copy.remove(at: index)
            return String(copy)
        }
    }
}
