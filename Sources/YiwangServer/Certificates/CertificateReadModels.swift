import Foundation
import YiwangDomain

/// A certificate as someone may see it — whole for its holder, the holder's number masked and no
/// signed document for anyone else — with its standing today. The API publishes it as it is; the
/// certificate page adds the seal and QR code.
struct CertificateView: Codable, Sendable {
    let number: String
    let typeName: String
    let issuer: String
    let holderName: String
    /// 统一社会信用代码 or 居民身份证号码.
    let holderIDType: String
    /// In clear for the holder; masked (a person's ID number) for staff.
    let holderID: String
    let issuedOn: String
    let validUntil: String?
    let status: String
    let statusLabel: String
    let claims: [CertificateDocument.Claim]
    /// The signed certificate (compact JWS, ES256): checkable offline with `/.well-known/jwks.json`. Holder only.
    let jws: String?
    let url: String
    let verifyURL: String
}

/// A link for a third party to see a certificate, until it expires.
struct CertificateShare: Codable, Sendable {
    let url: String
    let expiresAt: Date
}
