import Testing
@testable import YiwangSearch

@Suite("Analysis and index")
struct SearchIndexTests {
    let analyzer = Analyzer(lexicon: Lexicon(["药品生产许可", "公积金提取", "驾照过期"]))

    @Test("Han text gives characters, bigrams and lexicon words; traditional folds to simplified")
    func terms() {
        let terms = analyzer.terms("藥品生產許可")
        #expect(terms.contains("w:药品生产许可"))
        #expect(terms.contains("b:药品"))
        #expect(terms.contains("u:药"))
        #expect(analyzer.terms("ABC 123") == ["a:abc", "a:123"])
    }

    @Test("one character missing, wrong or extra still finds the word; not in short words")
    func fuzzy() {
        let lexicon = analyzer.lexicon
        #expect(lexicon.fuzzyMatches(of: "公积金体取") == ["公积金提取"])
        #expect(lexicon.fuzzyMatches(of: "公积提取") == ["公积金提取"])
        #expect(lexicon.fuzzyMatches(of: "公积金的提取") == ["公积金提取"])
        #expect(lexicon.fuzzyMatches(of: "护照过期").isEmpty)
        #expect(lexicon.fuzzyMatches(of: "公积金提取").isEmpty)  // the word itself is no typo
        #expect(lexicon.matches(in: Array("去药品生产许可公积金提取")).map(\.start) == [1, 7])
    }

    @Test("ages become the catalog's words for that stage of life", arguments: [
        ("我爸85岁了", [85]), ("奶奶九十二周岁", [92]), ("孩子十岁", [10]), ("老人一百零二岁", [102]), ("今年八五岁", [85]),
        ("没有年龄", []), ("12345678岁", []),
    ])
    func ages(text: String, expected: [Int]) {
        #expect(AgeExpression.ages(in: text) == expected)
    }

    @Test("an age over 80 means 高龄, over 60 老年人, under 18 未成年人")
    func ageWords() {
        #expect(AgeExpression.words(in: "我爸85岁了") == ["高龄老人", "老年人"])
        #expect(AgeExpression.words(in: "我妈65岁") == ["老年人"])
        #expect(AgeExpression.words(in: "儿子12岁") == ["未成年人"])
        #expect(AgeExpression.words(in: "我35岁").isEmpty)
    }

    @Test("a stretch's hash, with or without one character, equals the hash of those characters")
    func stretchHashes() {
        let run = ScalarRun(Array("住房公积金提取"))
        for start in 0..<run.count {
            for end in start + 1...run.count {
                #expect(run.hash(start..<end) == ScalarRun.hash(of: Array(run.scalars[start..<end])))
                for skipped in start..<end {
                    var scalars = Array(run.scalars[start..<end])
                    scalars.remove(at: skipped - start)
                    #expect(run.hash(start..<end, skipping: skipped) == ScalarRun.hash(of: scalars))
                    #expect(run.stretch(start..<end, skipping: skipped, equals: scalars))
                }
            }
        }
    }

    @Test("a name outranks running text; one shared character is no match")
    func ranking() {
        let index = SearchIndex(documents: [
            SearchDocument(id: "a", kind: .service, serviceCode: "A", title: "甲",
                           fields: [(.name, "住房公积金提取"), (.text, "提取住房公积金的条件")]),
            SearchDocument(id: "b", kind: .service, serviceCode: "B", title: "乙",
                           fields: [(.name, "结婚登记"), (.text, "公积金 公积金 公积金 提取 提取")]),
        ], analyzer: analyzer)
        let query = QueryAnalyzer(analyzer: analyzer, synonyms: SynonymTable(entries: [])).analyze("公积金提取")
        #expect(index.search(query.terms, limit: 5).map { index.documents[$0.documentIndex].id } == ["a", "b"])
        let single = QueryAnalyzer(analyzer: analyzer, synonyms: SynonymTable(entries: [])).analyze("婚")
        #expect(index.search(single.terms, limit: 5).isEmpty)
    }

    @Test("synonym table: entries found in a query; malformed lines reported")
    func synonyms() {
        let (table, bad) = SynonymTable.parse("# c\n开公司\t企业设立登记 企业\n坏行\n\t空\n驾照\t机动车驾驶证\n")
        #expect(bad == [3, 4])
        #expect(table.count == 2)
        #expect(table.entries(in: "想开公司还要换驾照").map(\.phrase) == ["开公司", "驾照"])
    }
}
