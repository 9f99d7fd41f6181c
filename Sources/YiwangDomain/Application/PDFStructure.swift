/// Whether bytes that begin like a PDF are one to the end: a header `%PDF-n.n`, a trailer whose
/// `startxref` points at a cross-reference table or stream, nothing but white space after the last
/// `%%EOF`, and no active content — the PDF/HTML polyglots and script-carrying PDFs an outside review
/// uploaded were accepted on their first five bytes alone.
public enum PDFStructure {
    public enum Flaw: Error, Sendable, Equatable, CustomStringConvertible {
        case header, trailer, crossReference, trailingContent, markup, script

        public var description: String {
            switch self {
            case .header: "文件头不是 PDF 版本标记"
            case .trailer: "文件结尾不完整（缺少 startxref 或 %%EOF），可能没有下载或保存完整"
            case .crossReference: "交叉引用表的位置不对，文件可能已损坏"
            case .trailingContent: "文件结尾之后还附加了其他内容"
            case .markup: "文件中夹带网页代码"
            case .script: "文件中含有脚本或自动运行的动作"
            }
        }
    }

    /// How far from the end the trailer may start (the PDF reference allows 1024 bytes of slack).
    static let trailerWindow = 2048

    public static func check(_ bytes: [UInt8]) -> Flaw? {
        guard bytes.count >= 16, bytes.starts(with: Array("%PDF-".utf8)),
              isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."), isDigit(bytes[7]) else { return .header }
        // the trailer: … startxref <offset> %%EOF, then only white space
        let tailStart = max(0, bytes.count - trailerWindow)
        guard let eof = ByteSearch.lastIndex(of: Array("%%EOF".utf8), in: bytes, from: tailStart) else { return .trailer }
        if bytes[(eof + 5)...].contains(where: { !isWhite($0) }) { return .trailingContent }
        guard let startxref = ByteSearch.lastIndex(of: Array("startxref".utf8), in: bytes, from: tailStart), startxref < eof else { return .trailer }
        let digits = bytes[(startxref + 9)..<eof].filter { !isWhite($0) }
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy(isDigit),
              let offset = Int(String(decoding: digits, as: UTF8.self)), offset < startxref else { return .crossReference }
        // at the offset: a classic table (`xref`) or a cross-reference stream object (`12 0 obj`)
        var at = offset
        while at < bytes.count, isWhite(bytes[at]) { at += 1 }
        let window = Array(bytes[at..<min(bytes.count, at + 32)])
        guard window.starts(with: Array("xref".utf8)) || startsWithObjectHeader(window) else { return .crossReference }
        // the part a browser or viewer reads first, and the document's dictionaries
        let head = lowercased(bytes.prefix(1024))
        for tag in ["<html", "<script", "<!doctype", "<body", "<iframe", "<svg", "<meta"] where ByteSearch.contains(head, Array(tag.utf8)) {
            return .markup
        }
        for action in ["/JavaScript", "/Launch"] where ByteSearch.contains(bytes, Array(action.utf8)) {
            return .script
        }
        return nil
    }

    private static func startsWithObjectHeader(_ window: [UInt8]) -> Bool {
        // <number> <generation> obj
        var index = 0, groups = 0
        while groups < 2 {
            let start = index
            while index < window.count, isDigit(window[index]) { index += 1 }
            guard index > start else { return false }
            groups += 1
            let spaces = index
            while index < window.count, isWhite(window[index]) { index += 1 }
            guard index > spaces else { return false }
        }
        return window[index...].starts(with: Array("obj".utf8))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isWhite(_ byte: UInt8) -> Bool { [0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20].contains(byte) }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
    }
}
