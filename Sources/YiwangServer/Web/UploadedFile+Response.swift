import Vapor

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
