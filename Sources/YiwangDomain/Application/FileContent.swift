/// What a file is, judged by its first bytes (magic numbers), never by its name or the type the
/// browser claims.
public enum FileContent {
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case tooLarge(limitMegabytes: Int)
        case notAllowed(detected: FileType?, allowed: [FileType])

        public var description: String {
            switch self {
            case .empty: return "文件是空的，请重新选择"
            case .tooLarge(let limit): return "文件超过 \(limit) MB，请压缩后再上传"
            case .notAllowed(let detected, let allowed):
                let names = allowed.map { $0.rawValue.uppercased() }.joined(separator: "、")
                let what = detected.map { "这是 \($0.rawValue.uppercased()) 文件，" } ?? "无法识别文件内容，"
                return "\(what)本材料只接受 \(names) 格式"
            }
        }
    }

    /// The type the bytes show, if it is one we accept anywhere.
    public static func detect<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> FileType? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        // OFD (GB/T 33190) is a ZIP package whose entry point is OFD.xml.
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]), contains(bytes.prefix(64 * 1024), Array("OFD.xml".utf8)) { return .ofd }
        return nil
    }

    /// Checks an upload for a material slot: not empty, within the size limit, of an allowed type.
    public static func check<Bytes: Collection<UInt8>>(_ bytes: Bytes, for material: Material) -> Result<FileType, Problem> {
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.count > material.maxSizeMb * 1024 * 1024 { return .failure(.tooLarge(limitMegabytes: material.maxSizeMb)) }
        let detected = detect(bytes)
        guard let detected, material.fileTypes.contains(detected) else {
            return .failure(.notAllowed(detected: detected, allowed: material.fileTypes))
        }
        return .success(detected)
    }

    private static func contains<Bytes: Collection<UInt8>>(_ haystack: Bytes, _ needle: [UInt8]) -> Bool {
        let bytes = Array(haystack)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { start in bytes[start..<start + needle.count].elementsEqual(needle) }
    }

    /// The media type to serve a stored file with.
    public static func mediaType(_ type: FileType) -> String {
        switch type {
        case .pdf: "application/pdf"
        case .jpg: "image/jpeg"
        case .png: "image/png"
        case .ofd: "application/ofd"
        }
    }
}
