import Foundation
import Vapor

/// Uploaded files on disk, under `<data>/uploads/ab/cd/<sha256>`: named by content, so the name a
/// device sends can never choose a path, and the same file uploaded twice is stored once.
struct UploadStore: Sendable {
    let directory: String

    init(dataDirectory: String) {
        directory = (dataDirectory as NSString).appendingPathComponent("uploads")
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
        let temporary = target + ".tmp-" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        do {
            try manager.moveItem(atPath: temporary, toPath: target)
        } catch where manager.fileExists(atPath: target) {
            try? manager.removeItem(atPath: temporary)  // another request stored the same file first
        }
        return hash
    }

    func read(_ sha256: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(for: sha256)))
    }

    /// A file name safe to show: the last path component, without control characters, at most 80 characters.
    static func displayName(_ raw: String?) -> String {
        let last = (raw ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = last.filter { character in !character.unicodeScalars.contains { $0.properties.generalCategory == .control } }
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "未命名文件" : String(clean.prefix(80))
    }
}

extension UploadedFileRecord {
    /// The stored file as an answer: the media type its content showed, never cached by proxies.
    func response(_ data: Data) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType.fileExtension(fileType == "jpg" ? "jpeg" : fileType)
            ?? HTTPMediaType(type: "application", subType: "octet-stream")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}

extension SHA256.Digest {
    /// Lower-case hexadecimal, as stored for file names and token hashes.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
