import Foundation
import Logging
import Testing
@testable import YiwangServer

/// Without `YIWANG_MASTER_KEY` a development key is made once, kept private, and used again.
@Suite("Master key: the development key is generated once, readable by its owner only, and reused")
struct MasterKeyTests {
    @Test("a missing key is generated into the data directory with mode 0600; the next start reads the same key")
    func developmentKey() throws {
        let directory = NSTemporaryDirectory() + "yiwang-key-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let first = try MasterKey.load(configured: nil, dataDirectory: directory, logger: logger)
        let path = directory + "/master.key"
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try MasterKey.load(configured: nil, dataDirectory: directory, logger: logger)
        #expect(again.id == first.id)
        #expect(try again.open(first.seal(Data("印章私钥".utf8))) == Data("印章私钥".utf8))
        // a configured key wins over the file
        let configured = Data(repeating: 7, count: 32).base64EncodedString()
        #expect(try MasterKey.load(configured: configured, dataDirectory: directory, logger: logger).id != first.id)
    }
}
