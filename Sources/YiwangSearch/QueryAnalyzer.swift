/// Turns what a citizen typed into weighted terms: the text's own terms, lexicon words within one
/// typo, and the official terms of any colloquial phrase it contains.
public struct QueryAnalyzer: Sendable {
    public struct Weights: Sendable {
        public var unigram = 0.3
        public var bigram = 1.0
        public var word = 1.6
        public var fuzzyWord = 1.1
        public var synonymWord = 1.4
        public var synonymBigram = 0.5
        public var latin = 1.0
    }

    public let analyzer: Analyzer
    public let synonyms: SynonymTable
    public var weights = Weights()

    public init(analyzer: Analyzer, synonyms: SynonymTable) {
        self.analyzer = analyzer
        self.synonyms = synonyms
    }

    public struct Analysis: Sendable {
        public let normalized: String
        public let terms: [WeightedTerm]
        /// Colloquial phrases recognised, for explaining a result.
        public let synonymPhrases: [String]
        /// Catalog words found as typed (not through typo tolerance).
        public let words: [String]
    }

    public func analyze(_ query: String) -> Analysis {
        let normalized = analyzer.normalize(query)
        var weightByTerm: [String: Double] = [:]
        var order: [String] = []
        var words: [String] = []
        func add(_ term: String, _ weight: Double) {
            if let existing = weightByTerm[term] {
                weightByTerm[term] = max(existing, weight)
            } else {
                weightByTerm[term] = weight
                order.append(term)
            }
        }
        for (han, characters) in analyzer.runs(normalized) {
            guard han else { add("a:" + String(characters), weights.latin); continue }
            for (index, character) in characters.enumerated() {
                add("u:" + String(character), weights.unigram)
                if index + 1 < characters.count { add("b:" + String(characters[index...index + 1]), weights.bigram) }
            }
            let run = ScalarRun(characters)
            let exact = analyzer.lexicon.matches(in: run)
            for (_, word) in exact { add("w:" + word, weights.word + 0.1 * Double(min(word.count, 8))) }
            words += exact.map(\.word)
            if characters.count <= 24 {
                for word in fuzzyWords(run, exact: exact) { add("w:" + word, weights.fuzzyWord) }
            }
        }
        // an age stands for the stage of life the catalog names ("85岁" → 高龄老人)
        let ageWords = AgeExpression.words(in: normalized)
        for word in ageWords where analyzer.lexicon.contains(word) { add("w:" + word, weights.synonymWord) }
        let entries = synonyms.entries(in: ageWords.isEmpty ? normalized : normalized + " " + ageWords.joined(separator: " "))
        for entry in entries {
            for term in entry.terms {
                let simplified = analyzer.normalize(term)
                if analyzer.lexicon.contains(simplified) { add("w:" + simplified, weights.synonymWord) }
                let characters = Array(simplified)
                for index in characters.indices.dropLast() {
                    add("b:" + String(characters[index...index + 1]), weights.synonymBigram)
                }
            }
        }
        return Analysis(
            normalized: normalized,
            terms: order.map { WeightedTerm($0, weightByTerm[$0] ?? 0) },
            synonymPhrases: entries.map(\.phrase),
            words: words
        )
    }

    /// Lexicon words one edit away from a stretch of the query that is not itself a word. Only
    /// stretches that hold a character no exact word covers (where a typo can be), and that share
    /// their first or last two characters with a fuzzy-matchable word, are tried.
    private func fuzzyWords(_ run: ScalarRun, exact matches: [(start: Int, word: String)]) -> Set<String> {
        var found = Set<String>()
        let minimum = Lexicon.minFuzzyLength - 1
        let count = run.count
        guard count >= minimum else { return found }
        let exact = Set(matches.map(\.word))
        var covered = [Bool](repeating: false, count: count)
        for (start, word) in matches {
            for index in start..<min(count, start + word.count) { covered[index] = true }
        }
        // uncoveredBefore[i]: how many of the first i characters no exact word covers
        var uncoveredBefore = [0]
        for index in 0..<count { uncoveredBefore.append(uncoveredBefore[index] + (covered[index] ? 0 : 1)) }
        guard uncoveredBefore[count] > 0 else { return found }
        let lexicon = analyzer.lexicon
        let startsWell = (0..<count).map { lexicon.fuzzyStart(run, at: $0) }
        let endsWell = (0...count).map { lexicon.fuzzyEnd(run, at: $0) }
        for start in 0..<count {
            let longest = min(Lexicon.maxFuzzyLength + 1, count - start)
            guard longest >= minimum else { break }
            for length in minimum...longest where (startsWell[start] || endsWell[start + length])
                && uncoveredBefore[start + length] > uncoveredBefore[start] {
                for word in lexicon.fuzzyMatches(in: run, start..<start + length) where !exact.contains(word) {
                    found.insert(word)
                }
            }
        }
        return found
    }
}
