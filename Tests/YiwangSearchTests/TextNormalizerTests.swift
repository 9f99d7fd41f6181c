import Testing
import YiwangSearch

@Suite("Text normalization")
struct TextNormalizerTests {
    @Test("full width, case and spaces fold", arguments: [
        ("ＡＢＣ１２３", "abc123"), ("  药品  生产\t许可 ", "药品 生产 许可"), ("户口迁移（省内）", "户口迁移(省内)"),
        ("Ｘ光", "x光"), ("药品\u{200B}生产", "药品生产"),
        // the plain path (ASCII, ideographs, CJK punctuation) and the NFKC path agree
        ("ABC 药品，生产", "abc 药品,生产"), ("ABC 药品。生产\r\n", "abc 药品。生产"), ("e\u{301}x", "éx"),
        ("《药品》\u{7}许可", "《药品》 许可"),
    ])
    func folds(input: String, expected: String) {
        #expect(TextNormalizer.normalize(input) == expected)
    }

    @Test("terms split on any space")
    func terms() {
        #expect(TextNormalizer.terms("公积金　提取") == ["公积金", "提取"])
        #expect(TextNormalizer.terms("   ").isEmpty)
    }
}
