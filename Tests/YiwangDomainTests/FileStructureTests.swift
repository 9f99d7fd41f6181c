import Foundation
import Testing
@testable import YiwangDomain

/// Files are what they claim to the end: PDFs by their trailer and cross-reference, PNGs by their
/// header chunk, OFD packages by their ZIP directory — within bounds on what they unpack to.
@Suite("Uploaded files: structure beyond the first bytes, archive bounds")
struct FileStructureTests {
    /// A small but complete PDF: header, one object, a cross-reference table, the trailer.
    static func pdf(body: String = "1 0 obj <<>> endobj\n", after: String = "") -> [UInt8] {
        let head = "%PDF-1.7\n" + body
        let xref = head.utf8.count
        let text = head + "xref\n0 1\n0000000000 65535 f \ntrailer <</Size 1>>\nstartxref\n\(xref)\n%%EOF\n" + after
        return Array(text.utf8)
    }

    /// A ZIP of stored entries; `claimed` overrides the unpacked size the directory states.
    static func zip(_ entries: [(name: String, data: [UInt8], claimed: Int?)]) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        var out: [UInt8] = [], directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8), offset = out.count
            out += [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0) + le16(0) + le32(0) + le32(0)
                + le32(entry.data.count) + le32(entry.claimed ?? entry.data.count) + le16(name.count) + le16(0) + name + entry.data
            directory += [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0) + le16(0) + le32(0) + le32(0)
                + le32(entry.data.count) + le32(entry.claimed ?? entry.data.count) + le16(name.count) + le16(0) + le16(0)
                + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let start = out.count
        return out + directory + [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(directory.count) + le32(start) + le16(0)
    }

    static let material = Material(id: "file", name: "材料", required: true, form: .electronic, copies: 1, fileTypes: FileType.allCases, maxSizeMb: 20, maxFiles: 1)

    @Test("a complete PDF passes; cut short, re-pointed, padded or carrying HTML or script it does not")
    func pdfs() {
        #expect(PDFStructure.check(Self.pdf()) == nil)
        #expect(FileContent.check(Self.pdf(), for: Self.material) == .success(.pdf))
        // an incremental update: the last startxref counts
        let updated = Self.pdf() + Array("2 0 obj <<>> endobj\nstartxref\n29\n%%EOF\n".utf8)
        #expect(PDFStructure.check(updated) == nil)
        #expect(PDFStructure.check(Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 0x20, count: 20)) == .trailer)
        #expect(PDFStructure.check(Array("%PDF-x.7\n1 0 obj <<>> endobj\n%%EOF\n".utf8)) == .header)
        let cut = Self.pdf()
        #expect(PDFStructure.check(Array(cut.prefix(cut.count - 8))) == .trailer)
        let wrongOffset = String(decoding: Self.pdf(), as: UTF8.self).replacingOccurrences(of: "startxref\n29", with: "startxref\n3")
        #expect(PDFStructure.check(Array(wrongOffset.utf8)) == .crossReference)
        // the polyglots of the review: HTML after the end, HTML in the first kilobyte, a script action
        #expect(PDFStructure.check(Self.pdf(after: "<html><script>alert(1)</script></html>")) == .trailingContent)
        #expect(PDFStructure.check(Self.pdf(body: "%<html><body><script>alert(document.cookie)</script>\n1 0 obj <<>> endobj\n")) == .markup)
        #expect(PDFStructure.check(Self.pdf(body: "1 0 obj <</OpenAction <</S /JavaScript /JS (app.alert(1))>> >> endobj\n")) == .script)
        if case .failure(.malformed(.pdf, let reason)) = FileContent.check(Self.pdf(after: "<html>"), for: Self.material) {
            #expect(reason.contains("附加"))
        } else {
            Issue.record("a PDF with HTML after %%EOF was accepted")
        }
    }

    @Test("an OFD package passes on its directory; a bomb, a lying stub or a package without OFD.xml does not")
    func ofdPackages() {
        let ofd = Self.zip([("OFD.xml", Array("<ofd:OFD/>".utf8), nil), ("Doc_0/Document.xml", Array("<ofd:Document/>".utf8), nil)])
        #expect(FileContent.check(ofd, for: Self.material) == .success(.ofd))
        // 800 MB claimed from a few kilobytes: the review's zip bomb
        let bomb = Self.zip([("OFD.xml", Array("<ofd:OFD/>".utf8), nil), ("Doc_0/Res/big.bin", [UInt8](repeating: 0, count: 8_000), 800 * 1024 * 1024)])
        guard case .failure(.malformed(.ofd, let reason)) = FileContent.check(bomb, for: Self.material) else {
            Issue.record("an 800 MB OFD was accepted"); return
        }
        #expect(reason.contains("MB") || reason.contains("压缩比"))
        // many entries, each small: the total still counts
        var limits = ZipDirectory.Limits()
        limits.maxTotalSize = 1000
        let many = Self.zip((0..<20).map { ("f\($0).xml", [UInt8](repeating: 0x41, count: 100), nil) })
        guard case .success(let directory) = ZipDirectory.read(many) else { Issue.record("directory not read"); return }
        #expect(directory.check(limits) == .tooLarge(2000))
        guard case .success(let escaping) = ZipDirectory.read(Self.zip([("../OFD.xml", [1], nil)])) else { return }
        #expect(escaping.check() == .unsafeName("../OFD.xml"))
        let noEntry = Self.zip([("Doc_0/OFD.xml.bak", [1], nil)]) + Array("OFD.xml".utf8)
        #expect(FileContent.check([0x50, 0x4B, 0x03, 0x04] + Array("....OFD.xml....".utf8), for: Self.material)
                == .failure(.malformed(.ofd, reason: ZipDirectory.Flaw.notZip.description)))
        if case .success = FileContent.check(noEntry, for: Self.material) { Issue.record("an OFD without OFD.xml was accepted") }
    }

    @Test("a PNG has its header chunk")
    func pngs() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + [UInt8](repeating: 1, count: 17)
        #expect(FileContent.check(png, for: Self.material) == .success(.png))
        #expect(FileContent.check(Array(png.prefix(9)), for: Self.material) == .failure(.malformed(.png, reason: "缺少图像头")))
    }
}
