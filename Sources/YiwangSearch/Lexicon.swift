/// The domain vocabulary — item names, aliases, material names, departments, official terms — that
/// the analyzer recognises as whole words, with a deletion index for words typed with one
/// character wrong, missing or extra.
///
/// Look-ups go by the polynomial hashes of `ScalarRun`, so scanning a query builds no strings:
/// every word, every proper prefix of a word and every one-character deletion of a word is
/// indexed by its hash, and each hit is confirmed against the word's own scalars.
public struct Lexicon: Sendable {
    public static let maxWordLength = 16
    /// Fuzzy matching only for words this long: shorter ones are too easy to hit by accident.
    static let minFuzzyLength = 4
    static let minSubstitutionLength = 5
    /// Typo tolerance stops at words this long: a longer name typed with a slip still shares most
    /// of its bigrams and shorter words with the original, which find it anyway.
    static let maxFuzzyLength = 10

    public private(set) var words: Set<String> = []
    private var wordTexts: [String] = []
    private var wordScalars: [[UInt32]] = []
    /// Hash of a word → the words with that hash (nearly always one).
    private var wordsByHash: [UInt64: [Int32]] = [:]
    /// Hashes of every proper prefix of a word, so that matching stops as soon as no word can follow.
    private var prefixes: Set<UInt64> = []
    /// Hash of a word with one character deleted → the words it came from (fuzzy-length words only).
    private var deletions: [UInt64: [Int32]] = [:]
    /// First and last two characters of the words typo tolerance applies to: a stretch of a query
    /// that shares neither end with any such word cannot be one typo away from one.
    private var fuzzyStarts: Set<UInt64> = []
    private var fuzzyEnds: Set<UInt64> = []

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
        let characters = Array(word)
        guard characters.count >= 2, characters.count <= Self.maxWordLength, characters.allSatisfy(Analyzer.isHan),
              words.insert(word).inserted else { return }
        let run = ScalarRun(characters)
        let index = Int32(wordTexts.count)
        wordTexts.append(word)
        wordScalars.append(run.scalars)
        wordsByHash[run.hash(0..<run.count), default: []].append(index)
        for length in 1..<run.count { prefixes.insert(run.hash(0..<length)) }
        guard run.count >= Self.minFuzzyLength, run.count <= Self.maxFuzzyLength else { return }
        fuzzyStarts.insert(Self.pair(run.scalars[0], run.scalars[1]))
        fuzzyEnds.insert(Self.pair(run.scalars[run.count - 2], run.scalars[run.count - 1]))
        for skipped in 0..<run.count {
            let hash = run.hash(0..<run.count, skipping: skipped)
            if deletions[hash]?.last != index { deletions[hash, default: []].append(index) }
        }
    }

    public func contains(_ word: String) -> Bool { words.contains(word) }

    /// Every lexicon word that occurs in `characters`, with its start position.
    func matches(in characters: [Character]) -> [(start: Int, word: String)] {
        matches(in: ScalarRun(characters))
    }

    func matches(in run: ScalarRun) -> [(start: Int, word: String)] {
        var found: [(Int, String)] = []
        for start in 0..<run.count {
            for length in 1...min(Self.maxWordLength, run.count - start) {
                let range = start..<start + length
                let hash = run.hash(range)
                if length >= 2, let word = word(hash: hash, in: run, range) { found.append((start, wordTexts[Int(word)])) }
                if !prefixes.contains(hash) { break }
            }
        }
        return found
    }

    /// The word that is exactly `run[range]` (with `skipped` left out), if any.
    private func word(hash: UInt64, in run: ScalarRun, _ range: Range<Int>, skipping skipped: Int? = nil) -> Int32? {
        wordsByHash[hash]?.first { run.stretch(range, skipping: skipped, equals: wordScalars[Int($0)]) }
    }

    /// Lexicon words one edit away from `text` (one character wrong, missing or extra).
    func fuzzyMatches(of text: String) -> Set<String> {
        let run = ScalarRun(Array(text))
        guard run.count >= 2, fuzzyStart(run, at: 0) || fuzzyEnd(run, at: run.count) else { return [] }
        return fuzzyMatches(in: run, 0..<run.count)
    }

    private static func pair(_ first: UInt32, _ second: UInt32) -> UInt64 { UInt64(first) << 32 | UInt64(second) }

    /// Whether a fuzzy word can start at `index` of the run, or end just before it.
    func fuzzyStart(_ run: ScalarRun, at index: Int) -> Bool {
        index + 1 < run.count && fuzzyStarts.contains(Self.pair(run.scalars[index], run.scalars[index + 1]))
    }

    func fuzzyEnd(_ run: ScalarRun, at index: Int) -> Bool {
        index >= 2 && index <= run.count && fuzzyEnds.contains(Self.pair(run.scalars[index - 2], run.scalars[index - 1]))
    }

    /// `fuzzyMatches(of:)` for a stretch of a run whose ends the caller has checked already.
    func fuzzyMatches(in run: ScalarRun, _ range: Range<Int>) -> Set<String> {
        let length = range.count
        guard length >= Self.minFuzzyLength - 1, length <= Self.maxWordLength + 1 else { return [] }
        var found = Set<Int32>()
        // one character missing from what was typed: the stretch is a deletion of a word
        for word in deletions[run.hash(range)] ?? [] where isDeletion(run, range, skipping: nil, of: word) {
            found.insert(word)
        }
        for skipped in range {
            let hash = run.hash(range, skipping: skipped)
            // one character extra: a deletion of the stretch is a word
            if length - 1 >= Self.minFuzzyLength, let word = word(hash: hash, in: run, range, skipping: skipped) {
                found.insert(word)
            }
            // one character wrong: both lose one character. Only in longer words: in a word of
            // four, one changed character is often the word that matters (护照过期 is not 驾照过期).
            guard length >= Self.minSubstitutionLength else { continue }
            for word in deletions[hash] ?? [] where wordScalars[Int(word)].count == length
                && isDeletion(run, range, skipping: skipped, of: word) {
                found.insert(word)
            }
        }
        return Set(found.filter { !run.stretch(range, equals: wordScalars[Int($0)]) }.map { wordTexts[Int($0)] })
    }

    /// Whether `run[range]` (less `skipped`) is the word with one character deleted.
    private func isDeletion(_ run: ScalarRun, _ range: Range<Int>, skipping skipped: Int?, of word: Int32) -> Bool {
        let scalars = wordScalars[Int(word)]
        return scalars.indices.contains { deleted in
            var shorter = scalars
            shorter.remove(at: deleted)
            return run.stretch(range, skipping: skipped, equals: shorter)
        }
    }
}
