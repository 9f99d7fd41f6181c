import Fluent
import Foundation

/// A department's electronic-seal signing key. The private key is stored only encrypted under the
/// master key; the public half is published in `/.well-known/jwks.json` for as long as any
/// certificate it signed may be checked, so a rotated (retired) key keeps verifying old certificates.
final class SealKeyRecord: Model, @unchecked Sendable {
    static let schema = "seal_keys"

    /// The JWS `kid`.
    @ID(custom: "kid", generatedBy: .user) var id: String?
    @Field(key: "department_code") var departmentCode: String
    /// The JWS `alg`: `ES256` (ECDSA P-256 / SHA-256); SM2 can be added beside it.
    @Field(key: "algorithm") var algorithm: String
    /// The public key's coordinates, base64url (JWK `x`, `y`).
    @Field(key: "public_x") var publicX: String
    @Field(key: "public_y") var publicY: String
    /// `MasterKey.seal` of the raw private key.
    @Field(key: "private_sealed") var privateSealed: String
    @Field(key: "created_at") var createdAt: Date
    /// Set when a newer key took over: it signs nothing new, but still verifies.
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}
}
