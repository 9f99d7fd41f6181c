import Foundation
import Crypto

/// JSON Web Signature in compact form (RFC 7515) with ES256 (RFC 7518 §3.4: the signature is R‖S,
/// 64 bytes) — what an e-certificate carries, and what anyone can check against the published JWKS.
enum CompactJWS {
    struct Header: Codable, Equatable {
        let alg: String
        let kid: String
        let typ: String
    }

    static func sign(payload: Data, kid: String, key: P256.Signing.PrivateKey) throws -> String {
        let header = try JSONEncoder().encode(Header(alg: "ES256", kid: kid, typ: "vc+jwt"))
        let input = base64URL(header) + "." + base64URL(payload)
        let signature = try key.signature(for: Data(input.utf8))
        return input + "." + base64URL(signature.rawRepresentation)
    }

    struct Parts {
        let header: Header
        let payload: Data
        let signingInput: String
        let signature: Data
    }

    /// The parts of a compact JWS, or nil when it is not one.
    static func parse(_ jws: String) -> Parts? {
        let pieces = jws.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count == 3, let headerData = data(base64URL: pieces[0]), let payload = data(base64URL: pieces[1]),
              let signature = data(base64URL: pieces[2]),
              let header = try? JSONDecoder().decode(Header.self, from: headerData) else { return nil }
        return Parts(header: header, payload: payload, signingInput: pieces[0] + "." + pieces[1], signature: signature)
    }

    static func isValid(_ parts: Parts, key: P256.Signing.PublicKey) -> Bool {
        guard parts.header.alg == "ES256", let signature = try? P256.Signing.ECDSASignature(rawRepresentation: parts.signature) else {
            return false
        }
        return key.isValidSignature(signature, for: Data(parts.signingInput.utf8))
    }

    static func base64URL(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard base64.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") }) else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
