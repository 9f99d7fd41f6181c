import Foundation
import Vapor
import YiwangDomain

extension UploadedFileRecord {
    /// The stored file as a download: the media type its content showed, saved rather than rendered
    /// by the browser (`attachment`, and a sandbox should anything render it), never cached by proxies.
    func response(_ data: Data) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        let type = FileType(rawValue: fileType).map(FileContent.mediaType) ?? "application/octet-stream"
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .contentDisposition, value: Self.attachment(named: displayName, type: fileType))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        response.headers.replaceOrAdd(name: .contentSecurityPolicy, value: "sandbox; default-src 'none'; frame-ancestors 'none'")
        return response
    }

    /// `attachment` with the display name (RFC 6266: an ASCII fallback and the UTF-8 name).
    static func attachment(named name: String, type: String) -> String {
        let fallback = "material." + type.filter { $0.isLetter && $0.isASCII }
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
