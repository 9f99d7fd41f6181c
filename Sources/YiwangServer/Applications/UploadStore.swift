import Crypto
import Foundation

/// Uploaded files on disk, under `<data>/uploads/ab/cd/<sha256>`: named by content, so the name a
/// device sends can never choose a path, and the same file uploaded twice is stored once. The bytes
/// are sealed by `PersonalDataVault` (they are scans of ID cards, certificates, bank details); a file
/// stored before that is read as it is until `yiwang keys reencrypt` seals it.
struct UploadStore: Sendable {
    let directory: String
    let vault: PersonalDataVault

    init(dataDirectory: String, vault: PersonalDataVault) {
        directory = (dataDirectory as NSString).appendingPathComponent("uploads")
        self.vault = vault
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hex
    }

    func path(for sha256: String) -> String {
        precondition(sha256.count == 64 && sha256.allSatisfy(\.isHexDigit), "not a SHA-256")
        let prefix = sha256.prefix(4)
        return [directory, String(prefix.prefix(2)), String(prefix.suffix(2)), sha256].joined(separator: "/")
    }

    /// Writes the bytes (atomically: a temporary file renamed into place) unless already stored.
    func store(_ bytes: [UInt8]) throws -> String {
        let hash = Self.sha256(bytes)
        let target = path(for: hash)
        let manager = FileManager.default
        if manager.fileExists(atPath: target) { return hash }
        try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try write(try vault.sealFile(Data(bytes)), to: target, replacing: false)
        return hash
    }

    /// Atomically: a temporary file renamed into place.
    private func write(_ data: Data, to target: String, replacing: Bool) throws {
        let manager = FileManager.default
        let temporary = target + ".tmp-" + UUID().uuidString
        try data.write(to: URL(fileURLWithPath: temporary))
        if replacing {  // rename(2) replaces the old file in one step
            guard rename(temporary, target) == 0 else {
                try? manager.removeItem(atPath: temporary)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target])
            }
            return
        }
        do {
            try manager.moveItem(atPath: temporary, toPath: target)
        } catch where manager.fileExists(atPath: target) {
            try? manager.removeItem(atPath: temporary)  // another request stored the same file first
        }
    }

    func read(_ sha256: String) throws -> Data {
        let stored = try Data(contentsOf: URL(fileURLWithPath: path(for: sha256)))
        return try vault.openFile(stored) ?? stored
    }

    /// Seals every file not sealed under the current key (files from before encryption at rest, or
    /// under a previous master key); returns how many were rewritten.
    func sealAllUnderCurrentKey() throws -> Int {
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: directory) else { return 0 }
        var rewritten = 0
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            guard name.count == 64, name.allSatisfy(\.isHexDigit) else { continue }
            let target = (directory as NSString).appendingPathComponent(relative)
            let stored = try Data(contentsOf: URL(fileURLWithPath: target))
            guard !vault.isCurrentFile(stored) else { continue }
            try write(try vault.sealFile(try vault.openFile(stored) ?? stored), to: target, replacing: true)
            rewritten += 1
        }
        return rewritten
    }

    /// A file name safe to show: the last path component, without control characters, at most 80 characters.
    static func displayName(_ raw: String?) -> String {
        let last = (raw ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = last.filter { character in !character.unicodeScalars.contains { $0.properties.generalCategory == .control } }
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "未命名文件" : String(clean.prefix(80))
    }
}

extension SHA256.Digest {
    /// Lower-case hexadecimal, as stored for file names and token hashes.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
