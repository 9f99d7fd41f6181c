/// The table of contents of a ZIP package (an OFD document is one, GB/T 33190), read from its
/// central directory without unpacking anything, and the bounds any archive must keep before the
/// platform accepts it — or, if it ever opens one, before it unpacks a byte: an outside review
/// stored an OFD that unpacked to 800 MB.
public struct ZipDirectory: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let compressedSize: Int
        public let size: Int
    }

    /// What an archive may hold. Unpacking code must also stop at `maxTotalSize` whatever the
    /// directory claims, since a directory can lie.
    public struct Limits: Sendable, Equatable {
        public var maxEntries = 2_000
        public var maxTotalSize = 100 * 1024 * 1024
        /// Unpacked : packed, per entry above 1 MB unpacked (text compresses ~10:1; bombs ~1000:1).
        public var maxRatio = 100
        public init() {}
    }

    public enum Flaw: Error, Sendable, Equatable, CustomStringConvertible {
        case notZip, zip64, tooManyEntries(Int), tooLarge(Int), ratio(String), unsafeName(String)

        public var description: String {
            switch self {
            case .notZip: "压缩包目录不完整，文件可能已损坏"
            case .zip64: "压缩包使用了本平台不接受的 ZIP64 格式"
            case .tooManyEntries(let count): "压缩包中有 \(count) 个文件，过多"
            case .tooLarge(let bytes): "压缩包展开后约 \(bytes / 1024 / 1024) MB，超过上限"
            case .ratio(let name): "压缩包中的 \(name) 压缩比异常，可能是压缩炸弹"
            case .unsafeName(let name): "压缩包中的文件名 \(name) 不安全"
            }
        }
    }

    public let entries: [Entry]

    public var totalSize: Int { entries.reduce(0) { $0 + $1.size } }

    /// Reads the central directory at the end of `bytes`.
    public static func read(_ bytes: [UInt8]) -> Result<ZipDirectory, Flaw> {
        // end of central directory: signature, then a comment of up to 64 KB after it
        let endSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        guard bytes.count >= 22 else { return .failure(.notZip) }
        var end: Int?
        var index = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while index >= lowest {
            if bytes[index..<index + 4].elementsEqual(endSignature) { end = index; break }
            index -= 1
        }
        guard let end else { return .failure(.notZip) }
        let count = u16(bytes, end + 10), size = u32(bytes, end + 12), offset = u32(bytes, end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { return .failure(.zip64) }
        guard offset + size <= end else { return .failure(.notZip) }
        var entries: [Entry] = []
        var at = offset
        for _ in 0..<count {
            guard at + 46 <= end, bytes[at..<at + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) else { return .failure(.notZip) }
            let compressed = u32(bytes, at + 20), unpacked = u32(bytes, at + 24)
            if compressed == 0xFFFF_FFFF || unpacked == 0xFFFF_FFFF { return .failure(.zip64) }
            let nameLength = u16(bytes, at + 28), extra = u16(bytes, at + 30), comment = u16(bytes, at + 32)
            guard at + 46 + nameLength <= end else { return .failure(.notZip) }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            entries.append(Entry(name: name, compressedSize: compressed, size: unpacked))
            at += 46 + nameLength + extra + comment
        }
        return .success(ZipDirectory(entries: entries))
    }

    /// The first bound the archive breaks, if any.
    public func check(_ limits: Limits = Limits()) -> Flaw? {
        if entries.count > limits.maxEntries { return .tooManyEntries(entries.count) }
        var total = 0
        for entry in entries {
            if entry.name.hasPrefix("/") || entry.name.contains("\\") || entry.name.split(separator: "/").contains("..") {
                return .unsafeName(entry.name)
            }
            total += entry.size
            if total > limits.maxTotalSize { return .tooLarge(totalSize) }
            if entry.size > 1024 * 1024, entry.size > max(entry.compressedSize, 1) * limits.maxRatio { return .ratio(entry.name) }
        }
        return nil
    }

    public func contains(_ name: String) -> Bool {
        entries.contains { $0.name == name }
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> Int {
        u16(bytes, at) | u16(bytes, at + 2) << 16
    }
}
