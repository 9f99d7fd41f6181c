import Foundation
import Vapor

/// The application/x-www-form-urlencoded decoder, without the pairs whose name Vapor's parser
/// cannot read: a name with an unbalanced bracket (`n[abc`) makes the whole body unreadable, so one
/// stray field would cost a form its CSRF token and its values. Our forms name fields plainly or as
/// `missing[]`; such names pass, any other field the form does not know is ignored as before.
/// Installed for `application/x-www-form-urlencoded` in `Boot.configure`.
struct TolerantURLEncodedFormDecoder: ContentDecoder {
    private let decoder = URLEncodedFormDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decoder.decode(D.self, from: Self.readable(body), headers: headers)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                              userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        try decoder.decode(D.self, from: Self.readable(body), headers: headers, userInfo: userInfo)
    }

    /// The body without the pairs whose names have unbalanced or nested brackets.
    static func readable(_ body: ByteBuffer) -> ByteBuffer {
        let text = body.getString(at: body.readerIndex, length: body.readableBytes) ?? ""
        let pairs = text.split(separator: "&", omittingEmptySubsequences: false)
        let kept = pairs.filter { pair in
            let raw = String(pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            return hasReadableBrackets(raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw)
        }
        return kept.count == pairs.count ? body : ByteBuffer(string: kept.joined(separator: "&"))
    }

    /// `name`, `name[]`, `name[key]`, `name[a][b]`: brackets in closed, unnested pairs after the name.
    static func hasReadableBrackets(_ name: String) -> Bool {
        guard let open = name.firstIndex(of: "[") else { return !name.contains("]") }
        var rest = name[open...]
        while let first = rest.first {
            guard first == "[", let close = rest.firstIndex(of: "]") else { return false }
            if rest[rest.index(after: rest.startIndex)..<close].contains("[") { return false }
            rest = rest[rest.index(after: close)...]
        }
        return true
    }
}
