/// The e-certificate (电子证照) an item issues when a case is granted (准予许可): its name, how long
/// it is valid, whose it is, and which form fields it carries (e.g. 生产范围, 生产地址), in order.
public struct CertificateSpec: Codable, Sendable, Equatable {
    /// 证照类型, e.g. 药品生产许可证.
    public var name: String
    /// Years from the issue date; nil for a certificate valid without limit (长期有效).
    public var validityYears: Int?
    public var holder: CertificateHolderKind
    /// The form fields holding the holder's name and identifier (a `uscc` field for a company, an
    /// `id_number` field for a person).
    public var holderNameField: String
    public var holderIdField: String
    /// Names of the item's form fields printed on the certificate.
    public var fields: [String]

    public init(name: String, validityYears: Int?, holder: CertificateHolderKind, holderNameField: String,
                holderIdField: String, fields: [String]) {
        self.name = name; self.validityYears = validityYears; self.holder = holder
        self.holderNameField = holderNameField; self.holderIdField = holderIdField; self.fields = fields
    }
}

/// Whose certificate it is: the company applied for (by unified social credit code) or the person.
public enum CertificateHolderKind: String, Codable, Sendable {
    case enterprise, person
}
