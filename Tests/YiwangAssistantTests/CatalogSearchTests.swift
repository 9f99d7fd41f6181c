import Testing
import YiwangSearch

@Suite("Catalog search")
struct CatalogSearchTests {
    let engine = Shipped.engine

    @Test("how citizens type finds the official item", arguments: [
        ("药品生产许可", "药品生产许可证核发"), ("药品生厂许可证", "药品生产许可证核发"), ("藥品生產許可", "药品生产许可证核发"),
        ("开公司", "企业设立登记"), ("驾照到期", "机动车驾驶证换证"), ("公积金体取", "住房公积金提取"),
        ("挖路埋管线", "涉路施工许可"), ("老人补贴", "高龄津贴申领"), ("ＩＩ类器械注册", "第二类医疗器械产品注册"),
    ])
    func finds(query: String, expected: String) {
        #expect(engine.searchServices(query, limit: 3).first?.name == expected)
    }

    @Test("suggestions start with names that begin with what was typed")
    func suggest() {
        let names = engine.suggest("药品", limit: 8).map(\.name)
        #expect(Array(names.prefix(2)).sorted() == ["药品生产许可证核发", "药品经营许可证核发"])
        #expect(engine.suggest("", limit: 8).isEmpty)
        #expect(engine.suggest("zzzz", limit: 8).isEmpty)
    }

    @Test("passages can be limited to one service and to sections")
    func passages() {
        let found = engine.searchPassages("要交钱吗 收费", limit: 3, serviceCode: "HN-GAT-001")
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.passage.serviceCodes.contains("HN-GAT-001") })
    }
}
