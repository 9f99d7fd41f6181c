/// What a file is, judged by its first bytes (magic numbers), never by its name or the type the
/// browser claims.
public enum FileContent {
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case tooLarge(limitMegabytes: Int)
        case notAllowed(detected: FileType?, allowed: [FileType])
        /// Begins like the type but is not one throughout (or is an archive out of bounds).
        case malformed(FileType, reason: String)

        public var description: String {
            switch self {
            case .empty: return "文件是空的，请重新选择"
            case .tooLarge(let limit): return "文件超过 \(limit) MB，请压缩后再上传"
            case .notAllowed(let detected, let allowed):
                let names = allowed.map { $0.rawValue.uppercased() }.joined(separator: "、")
                let what = detected.map { "这是 \($0.rawValue.uppercased()) 文件，" } ?? "无法识别文件内容，"
                return "\(what)本材料只接受 \(names) 格式"
            case .malformed(let type, let reason):
                return "这不是一个完整有效的 \(type.rawValue.uppercased()) 文件：\(reason)。请用原软件重新导出或重新扫描后上传"
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
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]), ByteSearch.contains(Array(bytes.prefix(64 * 1024)), Array("OFD.xml".utf8)) { return .ofd }
        return nil
    }

    /// Checks an upload for a material slot: not empty, within the size limit, of an allowed type,
    /// and that type throughout — not just in its first bytes.
    public static func check<Bytes: Collection<UInt8>>(_ bytes: Bytes, for material: Material) -> Result<FileType, Problem> {
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.count > material.maxSizeMb * 1024 * 1024 { return .failure(.tooLarge(limitMegabytes: material.maxSizeMb)) }
        let detected = detect(bytes)
        guard let detected, material.fileTypes.contains(detected) else {
            return .failure(.notAllowed(detected: detected, allowed: material.fileTypes))
        }
        if let flaw = structuralFlaw(Array(bytes), as: detected) { return .failure(.malformed(detected, reason: flaw)) }
        return .success(detected)
    }

    /// What is wrong with the file beyond its first bytes, in Chinese; nil when it holds together.
    public static func structuralFlaw(_ bytes: [UInt8], as type: FileType) -> String? {
        switch type {
        case .pdf:
            return PDFStructure.check(bytes)?.description
        case .png:
            // the signature is followed by the IHDR chunk, always 13 bytes long
            return bytes.count > 24 && bytes[8..<16].elementsEqual([0, 0, 0, 13] + Array("IHDR".utf8)) ? nil : "缺少图像头"
        case .jpg:
            // the start-of-image marker is followed by another marker (APPn, DQT, SOF, COM…)
            return bytes.count >= 4 && (0xC0...0xFE).contains(bytes[3]) ? nil : "图像数据不完整"
        case .ofd:
            switch ZipDirectory.read(bytes) {
            case .failure(let flaw): return flaw.description
            case .success(let directory):
                if let flaw = directory.check() { return flaw.description }
                return directory.contains("OFD.xml") ? nil : "压缩包中没有 OFD.xml 入口文件"
            }
        }
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
