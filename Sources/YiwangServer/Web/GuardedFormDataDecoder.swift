import Vapor
import YiwangDomain

/// The multipart/form-data decoder, behind a check of what MultipartKit 4.7.1 cannot survive: a
/// byte of 0x80 or above where a part's header name stands indexes past its 128-entry table and
/// ends the process, and an empty boundary trips a precondition. One such request from anyone — to
/// any route that reads a body, since the decoder is chosen by the Content-Type the client sends —
/// would take the platform down. Installed for `multipart/form-data` in `Boot.configure`.
struct GuardedFormDataDecoder: ContentDecoder {
    private let decoder = FormDataDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try Self.check(body, headers: headers)
        return try decoder.decode(D.self, from: body, headers: headers)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                              userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        try Self.check(body, headers: headers)
        return try decoder.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }

    static let refusal = ServiceError.badRequest("上传内容的格式不对：multipart 表单的分隔符或分段头无效")

    static func check(_ body: ByteBuffer, headers: HTTPHeaders) throws {
        guard let boundary = headers.contentType?.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw refusal
        }
        guard headerNamesAreASCII(Array(body.readableBytesView), boundary: Array(boundary.utf8)) else { throw refusal }
    }

    /// After every occurrence of `--boundary` (a superset of where the parser starts a part), each
    /// line of the header block up to its first colon holds only ASCII.
    static func headerNamesAreASCII(_ body: [UInt8], boundary: [UInt8]) -> Bool {
        let delimiter = Array("--".utf8) + boundary
        var index = 0
        while let start = ByteSearch.firstIndex(of: delimiter, in: body, from: index) {
            var at = start + delimiter.count
            var inName = false  // the delimiter's own line is not a header
            while at < body.count {
                let byte = body[at]
                if byte == 0x0A {  // a new line: a header name begins, or the block has ended
                    if at >= 3, body[at - 3] == 0x0D, body[at - 2] == 0x0A, body[at - 1] == 0x0D { break }
                    inName = true
                } else if byte == UInt8(ascii: ":") {
                    inName = false
                } else if inName, byte >= 0x80 {
                    return false
                }
                at += 1
            }
            // also the line right after the delimiter, which the parser reads as a name when it has no CRLF
            var first = start + delimiter.count
            while first < body.count, body[first] != 0x0D, body[first] != 0x0A, body[first] != UInt8(ascii: ":") {
                if body[first] >= 0x80 { return false }
                first += 1
            }
            index = start + 1
        }
        return true
    }
}
