import Crypto
import Foundation
import YiwangDomain

/// ID numbers, mobile numbers and the form data that carries them, at rest. Each value is sealed
/// with AES-256-GCM under a key derived from the master key (HKDF-SHA256, its own label), and
/// names the master key's id, so a new master key can be introduced while values sealed under the
/// old one stay readable (`YIWANG_MASTER_KEY_PREVIOUS`) until `yiwang keys reencrypt` rewrites them.
///
/// Look-ups never decrypt: a column that must be searched keeps a blind index next to the sealed
/// value — an HMAC-SHA256 of the normalised value under a second derived key — so equal numbers
/// match while the database alone reveals nothing of them.
struct PersonalDataVault: Sendable {
    /// The keys one master key gives.
    struct Generation: Sendable {
        let id: String
        let dataKey: SymmetricKey
        let indexKey: SymmetricKey

        init(_ master: MasterKey) {
            id = master.id
            dataKey = Self.derive(master, label: "personal-data/aes-256-gcm/v1")
            indexKey = Self.derive(master, label: "personal-data/blind-index/v1")
        }

        private static func derive(_ master: MasterKey, label: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: master.key, salt: Data("yiwang".utf8), info: Data(label.utf8),
                                   outputByteCount: 32)
        }
    }

    /// What a blind index is of; each kind has its own domain, so an ID number and a login never collide.
    enum IndexKind: String, Sendable {
        case idNumber = "id"
        case phone
        /// What a person typed to sign in (a mobile number, an ID number or a staff number).
        case login
    }

    /// Seals new values; opens what it sealed.
    let current: Generation
    /// Keys being retired: open old values, and their indexes still match in look-ups.
    let previous: [Generation]

    init(masterKey: MasterKey) {
        current = Generation(masterKey)
        previous = masterKey.previous.map(Generation.init)
    }

    static let prefix = "pd1"

    /// `pd1:<master key id>:<base64 of nonce‖ciphertext‖tag>`.
    func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: current.dataKey)
        guard let combined = box.combined else { throw Self.unreadable("加密失败") }
        return "\(Self.prefix):\(current.id):\(combined.base64EncodedString())"
    }

    func seal(_ plaintext: String?) throws -> String? {
        try plaintext.map { try seal($0) }
    }

    func open(_ sealed: String) throws -> String {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == Self.prefix else { throw Self.unreadable("存储的个人数据不是密文") }
        guard let generation = ([current] + previous).first(where: { $0.id == parts[1] }) else {
            throw Self.unreadable("个人数据由主密钥 \(parts[1]) 加密，但该密钥未配置（当前主密钥 \(current.id)）")
        }
        guard let combined = Data(base64Encoded: parts[2]),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plaintext = try? AES.GCM.open(box, using: generation.dataKey) else {
            throw Self.unreadable("个人数据密文已损坏或被篡改")
        }
        return String(decoding: plaintext, as: UTF8.self)
    }

    func open(_ sealed: String?) throws -> String? {
        try sealed.map { try open($0) }
    }

    /// A file's bytes as stored: `YWPD1` ‖ the master key's id (8 characters) ‖ nonce ‖ ciphertext ‖ tag.
    static let fileMagic = Data("YWPD1".utf8)

    func sealFile(_ bytes: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(bytes, using: current.dataKey).combined else { throw Self.unreadable("加密失败") }
        return Self.fileMagic + Data(current.id.utf8) + combined
    }

    /// Nil when the bytes are not a sealed file at all (a file stored before encryption at rest).
    func openFile(_ stored: Data) throws -> Data? {
        guard stored.starts(with: Self.fileMagic), stored.count > Self.fileMagic.count + 8 else { return nil }
        let idStart = stored.startIndex + Self.fileMagic.count
        let id = String(decoding: stored[idStart..<idStart + 8], as: UTF8.self)
        guard let generation = ([current] + previous).first(where: { $0.id == id }) else {
            throw Self.unreadable("文件由主密钥 \(id) 加密，但该密钥未配置（当前主密钥 \(current.id)）")
        }
        guard let box = try? AES.GCM.SealedBox(combined: stored[(idStart + 8)...]),
              let bytes = try? AES.GCM.open(box, using: generation.dataKey) else {
            throw Self.unreadable("文件密文已损坏或被篡改")
        }
        return bytes
    }

    /// Whether a stored file was sealed under the current key.
    func isCurrentFile(_ stored: Data) -> Bool {
        stored.starts(with: Self.fileMagic + Data(current.id.utf8))
    }

    /// Whether a stored value was sealed under the current key (and so needs no re-encryption).
    func isCurrent(_ sealed: String) -> Bool {
        sealed.hasPrefix("\(Self.prefix):\(current.id):")
    }

    /// The blind index of a value under the current key: 32 hex digits (128 bits of HMAC-SHA256).
    func index(_ value: String, as kind: IndexKind) -> String {
        Self.index(value, as: kind, key: current.indexKey)
    }

    /// The indexes a stored row may carry for this value: under the current key and each previous one.
    func lookupIndexes(_ value: String, as kind: IndexKind) -> [String] {
        ([current] + previous).map { Self.index(value, as: kind, key: $0.indexKey) }
    }

    private static func index(_ value: String, as kind: IndexKind, key: SymmetricKey) -> String {
        let normalized = NumberText.compact(value)  // full-width, spaced or dashed: the same number, the same index
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(kind.rawValue):\(normalized)".utf8), using: key)
        return Data(mac).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// A form's values as stored: sorted-key JSON, sealed.
    func sealForm(_ values: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try seal(String(decoding: try encoder.encode(values), as: UTF8.self))
    }

    func openForm(_ sealed: String) throws -> [String: String] {
        let json = try open(sealed)  // a value that does not open is an error, never an empty form
        return (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }

    /// A value that cannot be sealed or opened: a missing key, a changed byte. Never an empty value.
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    private static func unreadable(_ detail: String) -> Unreadable {
        Unreadable(description: detail)
    }
}
