import Foundation
import Vapor
import YiwangDomain

extension UploadedFileRecord {
    /// The stored file as a download: the media type its content showed, saved rather than rendered
    /// by the browser (`attachment`, and a sandbox should anything render it), never cached by proxies.
    ///
    /// - Parameter inline: shown in a frame of this site (the clerk's preview): images and PDF only,
    ///   each as checked by its content at upload; framed by this site alone. (No CSP sandbox here:
    ///   the browser's PDF viewer refuses to run in one.)
    func response(_ data: Data, inline: Bool = false) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        let type = FileType(rawValue: fileType).map(FileContent.mediaType) ?? "application/octet-stream"
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        if inline, Self.previewable.contains(fileType) {
            response.headers.replaceOrAdd(name: .contentDisposition, value: "inline")
            response.headers.replaceOrAdd(name: .contentSecurityPolicy, value: "default-src 'none'; img-src 'self'; frame-ancestors 'self'")
            response.headers.replaceOrAdd(name: "X-Frame-Options", value: "SAMEORIGIN")
        } else {
            response.headers.replaceOrAdd(name: .contentDisposition, value: Self.attachment(named: displayName, type: fileType))
            response.headers.replaceOrAdd(name: .contentSecurityPolicy, value: "sandbox; default-src 'none'; frame-ancestors 'none'")
        }
        return response
    }

    /// The file types a browser shows by itself.
    static let previewable: Set<String> = ["pdf", "jpg", "jpeg", "png"]

    /// `attachment` with the display name (RFC 6266: an ASCII fallback and the UTF-8 name).
    static func attachment(named name: String, type: String) -> String {
        let fallback = "material." + type.filter { $0.isLetter && $0.isASCII }
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
