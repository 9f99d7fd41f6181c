import Fluent
import Foundation
import Testing
import Vapor
import YiwangDomain
@testable import YiwangServer

@Suite("Catalog import and export")
struct CatalogImportTests {
    @Test("portal records import; bad lines are reported by number and the rest still import", arguments: Backend.available)
    func gdzwfwImport(backend: Backend) async throws {
        try await withTestApp(backend, seed: false) { app in
            // setup: 60 real records with three bad lines among them
            var lines = String(decoding: try Fixtures.data("gdzwfw-sample.jsonl"), as: UTF8.self)
                .split(separator: "\n").map(String.init)
            #expect(lines.count == 60)
            lines.insert("{not json", at: 10)                                     // line 11
            lines.insert(#"{"TASK_CODE":"X1","TASK_NAME":"","DEPT_NAME":"d","TASK_TYPE_TEXT":"行政许可"}"#, at: 20) // line 21
            lines.insert(lines[0], at: 30)                                        // line 31: repeats line 1
            let importer = CatalogImporter(database: app.db)

            // act
            let first = try await importer.importData(Data(lines.joined(separator: "\n").utf8), format: .gdzwfw)

            // check
            #expect(first.imported == 60)
            #expect(first.skipped.map(\.line) == [11, 21, 31])
            #expect(first.skipped[0].reason == "不是有效的 JSON 对象")
            #expect(first.skipped[1].reason.contains("TASK_NAME"))
            #expect(first.skipped[2].reason.contains("与第 1 行重复"))
            #expect(try await ServiceItemRecord.query(on: app.db).count() == 60)

            // act: the same file again, then with one record changed
            let second = try await importer.importData(Data(lines.joined(separator: "\n").utf8), format: .gdzwfw)
            #expect(second.imported == 0)
            #expect(second.unchanged == 60)
            lines[1] = lines[1].replacingOccurrences(of: #""handle_time_limit":"#, with: #""handle_time_limit_old":"#)
            let third = try await importer.importData(Data(lines.joined(separator: "\n").utf8), format: .gdzwfw)
            #expect(third.updated == 1)
            #expect(third.unchanged == 59)
            #expect(try await ServiceItemRecord.query(on: app.db).count() == 60)
        }
    }

    @Test("imported fields map to the guide")
    func gdzwfwMapping() async throws {
        try await withTestApp(seed: false) { app in
            let line = String(decoding: try Fixtures.data("gdzwfw-sample.jsonl"), as: UTF8.self).split(separator: "\n")[0]
            _ = try await CatalogImporter(database: app.db).importData(Data(line.utf8), format: .gdzwfw)
            let guide = try #require(try await CatalogRepository(database: app.db).guide(code: "11440000006939756B2440101007000"))
            #expect(guide.item.name == "临时价格干预范围事项提价申报")
            #expect(guide.department.name == "广东省发展和改革委员会")
            #expect(guide.item.type == .administrativeLicence)
            #expect(guide.item.statutoryDays == 30)
            #expect(guide.item.promisedDays == 7)
            #expect(guide.item.materials.map(\.name) == ["提价申报申请报告"])
            #expect(guide.item.location?.address == "广州市越秀区东风中路305号5号楼808房")
            #expect(guide.item.location?.phone == "020-34121084")
            #expect(guide.item.conditions.first?.contains("价格法") == true)
        }
    }

    @Test("export and import in the yiwang format round-trip the catalog", arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        var exported = Data()
        try await withTestApp(backend) { app in
            exported = try YiwangCatalogDocument(catalog: try await CatalogRepository(database: app.db).export()).encoded()
        }
        try await withTestApp(backend, seed: false) { app in
            let report = try await CatalogImporter(database: app.db).importData(exported, format: .yiwang)
            #expect(report.imported == 47)
            #expect(report.skipped.isEmpty)
            let again = try YiwangCatalogDocument(catalog: try await CatalogRepository(database: app.db).export()).encoded()
            #expect(again == exported)
        }
    }

    @Test("a yiwang document with one broken item imports the others")
    func yiwangPartial() async throws {
        try await withTestApp(seed: false) { app in
            let files = try CatalogSeeder(directory: app.directory.resourcesDirectory + "Catalog").loadFiles()
            var object = try #require(try JSONSerialization.jsonObject(
                with: try YiwangCatalogDocument(catalog: Array(files.prefix(1))).encoded()) as? [String: Any])
            var catalog = try #require(object["catalog"] as? [[String: Any]])
            var items = try #require(catalog[0]["items"] as? [[String: Any]])
            items[1]["online_level"] = "随便办"
            catalog[0]["items"] = items
            object["catalog"] = catalog
            let report = try await CatalogImporter(database: app.db)
                .importData(try JSONSerialization.data(withJSONObject: object), format: .yiwang)
            #expect(report.imported == items.count - 1)
            #expect(report.skipped.map(\.line) == [2])
            #expect(report.skipped[0].reason.contains("online_level"))
        }
    }

    @Test("files that are not the format are refused with a reason", arguments: [
        ("[1,2,3]", "不是有效的 JSON 文档"), (#"{"format":"other","version":1,"catalog":[]}"#, "format"),
        (#"{"format":"yiwang-catalog","version":9,"catalog":[]}"#, "版本"), ("{}", "缺少"),
    ])
    func badDocuments(body: String, reason: String) async throws {
        try await withTestApp(seed: false) { app in
            let report = try await CatalogImporter(database: app.db).importData(Data(body.utf8), format: .yiwang)
            #expect(report.imported == 0)
            #expect(report.skipped.first?.reason.contains(reason) == true)
        }
    }

    @Test("a broken catalog file stops the seed with the file and the problem named")
    func brokenSeed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yiwang-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"department":{"code":"X","name":"湖南省X","short_name":"省X"},"items":[{"code":"HN-X-001"}]}"#.utf8)
            .write(to: directory.appendingPathComponent("x.json"))
        #expect {
            try CatalogSeeder(directory: directory.path).loadFiles()
        } throws: { error in
            String(describing: error).contains("x.json") && String(describing: error).contains("name")
        }
    }
}
