import Foundation
import Testing

/// The house's layers, read off the source files: services know nothing of the web, pages never
/// call API handlers (nor the other way round), and no path is built by hand — links come from
/// `SiteURL`. A file's layer follows from its folder and name (see README, Architecture).
@Suite("Layers: services free of the web, pages apart from the API, links from the path table")
struct LayeringTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func swiftFiles(under path: String) throws -> [(name: String, text: String)] {
        let base = root.appendingPathComponent(path)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return try walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map {
            ($0, try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// The web layer of the server: controllers, pages, middleware, DTOs, the glue and the boot.
    static func isWeb(_ name: String) -> Bool {
        let folders = ["Web/", "Middleware/", "Boot/", "Runtime/", "API/", "Pages/"]
        let suffixes = ["Controller.swift", "Page.swift", "DTOs.swift"]
        return folders.contains { name.hasPrefix($0) } || suffixes.contains { name.hasSuffix($0) }
    }

    /// Whole words of a kind the service layer may not name.
    static let webWords = ["Request", "Response", "Problem", "PageMeta", "Content", "Application"]

    static func mentions(_ text: String, word: String) -> Bool {
        text.range(of: "\\b\(word)\\b", options: .regularExpression) != nil
    }

    /// Code without its string literals: a header named "Content-Type" is no use of a type.
    static func codeWithoutStrings(_ text: String) -> String {
        code(text).replacingOccurrences(of: #""(?:[^"\\\n]|\\.)*""#, with: "\"\"", options: .regularExpression)
    }

    /// Comments say what they like; only code counts.
    static func code(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n")
    }

    @Test("services and their models import no web framework and name none of its types")
    func servicesKnowNoWeb() throws {
        let core = try Self.swiftFiles(under: "Sources/YiwangServer").filter { !Self.isWeb($0.name) }
        #expect(core.count > 60)
        for file in core {
            let code = Self.codeWithoutStrings(file.text)
            #expect(!code.contains("import Vapor") && !code.contains("import Leaf"), "\(file.name) imports the web framework")
            for word in Self.webWords where Self.mentions(code, word: word) {
                Issue.record("\(file.name) names \(word), a type of the web layer")
            }
            #expect(!Self.mentions(code, word: "PageController") && !Self.mentions(code, word: "APIController"),
                    "\(file.name) calls a controller")
        }
    }

    @Test("page controllers never call API handlers, and API handlers render no page")
    func pagesApartFromAPI() throws {
        let files = try Self.swiftFiles(under: "Sources/YiwangServer")
        for file in files where file.name.hasSuffix("PageController.swift") || file.name.hasSuffix("Page.swift") {
            #expect(!Self.code(file.text).contains("APIController"), "\(file.name) reaches into an API controller")
        }
        for file in files where file.name.hasSuffix("APIController.swift") {
            let code = Self.code(file.text)
            #expect(!code.contains("PageController") && !code.contains(".view.render"), "\(file.name) renders a page")
        }
    }

    @Test("no path is built by hand: every link of the code comes from SiteURL")
    func linksFromThePathTable() throws {
        let pattern = #""/(api|services|cases|applications|certificates|workbench|verify|shared|me|login|account|audit|c|departments|policies)/[^"]*\\\("#
        for target in ["YiwangServer", "YiwangDomain", "YiwangAssistant", "YiwangSearch"] {
            for file in try Self.swiftFiles(under: "Sources/\(target)") where !file.name.hasSuffix("SiteURL.swift") {
                if let range = Self.code(file.text).range(of: pattern, options: .regularExpression) {
                    Issue.record("\(target)/\(file.name) builds a path by hand: \(Self.code(file.text)[range])")
                }
            }
        }
    }
}
