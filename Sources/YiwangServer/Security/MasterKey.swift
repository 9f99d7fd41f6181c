import Crypto
import Foundation
import Logging

/// The key that protects everything secret at rest: the departments' seal keys and staff
/// second-factor secrets (sealed with it directly, AES-256-GCM), and personal data (under keys
/// derived from it, see `PersonalDataVault`). From `YIWANG_MASTER_KEY`. Without it a development key is generated into the data directory — fine on
/// a laptop, never in production, and the start says so loudly. Sealed values name the key's id,
/// so a new master key can be introduced while old values are re-encrypted.
struct MasterKey: Sendable {
    let key: SymmetricKey
    /// The first 8 hex digits of the key's SHA-256: names the key, reveals nothing of it.
    let id: String
    /// Keys being retired (`YIWANG_MASTER_KEY_PREVIOUS`): values sealed under them still open.
    var previous: [MasterKey] = []

    init(_ bytes: Data) {
        key = SymmetricKey(data: bytes)
        id = String(SHA256.hash(data: bytes).hex.prefix(8))
    }

    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    /// The configured key, or the development key in `dataDirectory/master.key` (made when missing).
    static func load(configured: String?, previous: [String] = [], dataDirectory: String, logger: Logger) throws -> MasterKey {
        var key = try load(configured: configured, dataDirectory: dataDirectory, logger: logger)
        key.previous = previous.compactMap { Data(base64Encoded: $0) }.map(MasterKey.init)
        return key
    }

    private static func load(configured: String?, dataDirectory: String, logger: Logger) throws -> MasterKey {
        if let configured, let bytes = Data(base64Encoded: configured) { return MasterKey(bytes) }
        let path = (dataDirectory as NSString).appendingPathComponent("master.key")
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 {
            logger.warning("YIWANG_MASTER_KEY 未设置：使用数据目录中的开发用主密钥 \(path)。生产环境必须设置 YIWANG_MASTER_KEY。")
            return MasterKey(bytes)
        }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes.base64EncodedString().utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw Unreadable(description: "无法写入开发用主密钥 \(path)")
        }
        logger.critical("""
            ******** YIWANG_MASTER_KEY 未设置 ********
            已在 \(path) 生成开发用主密钥，用于加密电子印章私钥、工作人员动态口令密钥，以及身份证号、手机号等个人数据。
            这只适合开发和演示：生产环境请用 `openssl rand -base64 32` 生成密钥并通过 YIWANG_MASTER_KEY 提供，
            不要把密钥和数据库放在一起，并另行备份：丢失主密钥即无法读取个人数据。
            """)
        return MasterKey(bytes)
    }

    /// `v1:<key id>:<base64 of nonce‖ciphertext‖tag>`.
    func seal(_ plaintext: Data) throws -> String {
        let box = try AES.GCM.seal(plaintext, using: key)
        guard let combined = box.combined else { throw Unreadable(description: "加密失败") }
        return "v1:\(id):\(combined.base64EncodedString())"
    }

    func open(_ sealed: String) throws -> Data {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1" else { throw Unreadable(description: "无法识别的密文格式") }
        guard let master = ([self] + previous).first(where: { $0.id == parts[1] }) else {
            throw Unreadable(description: "密文由另一把主密钥（\(parts[1])）加密，当前主密钥为 \(id)")
        }
        guard let combined = Data(base64Encoded: parts[2]) else { throw Unreadable(description: "密文不是有效的 base64") }
        return try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: master.key)
    }
}
