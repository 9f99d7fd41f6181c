import Testing
@testable import YiwangSearch

@Suite("Random input to the Chinese analyzer")
struct RandomQueryTests {
    @Test("normalizing, analysing and fuzzy matching any text does not crash")
    func analyzer() {
        let analyzer = Analyzer(lexicon: Lexicon(["药品生产许可", "公积金提取", "高龄津贴", "老年人"]))
        let queries = QueryAnalyzer(analyzer: analyzer, synonyms: SynonymTable(entries: []))
        var state: UInt64 = 42
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet = Array("药品生产许可证公积金提取高龄津贴老年人岁周八十五一百零藥產ＡＢ１２ ，。!?#\u{301}\u{200B}\u{1F600}\u{0}abcXYZ0123456789".unicodeScalars)
        for _ in 0..<3000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int(next() % 60) { scalars.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
            let text = String(scalars)
            let normalized = TextNormalizer.normalize(text)
            _ = TextNormalizer.terms(text)
            _ = analyzer.terms(normalized)
            _ = analyzer.lexicon.fuzzyMatches(of: normalized)
            _ = queries.analyze(text)
            _ = AgeExpression.ages(in: text)
        }
    }
}
