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
    /// Set for a registration that gives the holder a new 公民身份号码 (出生登记): the number is
    /// compiled when the certificate is issued, and `holderIdField` names it rather than a form field.
    public var assignsIdNumber: IdNumberAssignment?
    /// Set for a registration that gives the business its 统一社会信用代码 (设立登记): the code is
    /// assigned when the licence is issued, and `holderIdField` names it rather than a form field.
    public var assignsUscc: UsccAssignment?

    public init(name: String, validityYears: Int?, holder: CertificateHolderKind, holderNameField: String,
                holderIdField: String, fields: [String]) {
        self.name = name; self.validityYears = validityYears; self.holder = holder
        self.holderNameField = holderNameField; self.holderIdField = holderIdField; self.fields = fields
    }
}

/// Where a new 公民身份号码 takes its parts from (GB 11643-1999): the area code from an ID number the
/// form holds (the parent with whom the child is registered), the birth date and the sex from
/// the form; the sequence from the platform's counter for that area and day.
public struct IdNumberAssignment: Codable, Sendable, Equatable {
    /// An `id_number` field whose first six digits give the area (地址码).
    public var areaFrom: String
    public var birthDateField: String
    /// A select field answered 男 or 女.
    public var sexField: String

    public init(areaFrom: String, birthDateField: String, sexField: String) {
        self.areaFrom = areaFrom; self.birthDateField = birthDateField; self.sexField = sexField
    }
}

/// Whose certificate it is: the company applied for (by unified social credit code) or the person.
public enum CertificateHolderKind: String, Codable, Sendable {
    case enterprise, person
}

/// Where a new 统一社会信用代码 takes its parts from (GB 32100-2015): 登记管理部门 9 (市场监管),
/// the category (1 企业, 2 个体工商户), the area code from an ID number the form holds (the
/// operator's or legal representative's), and a 主体标识码 from the platform's counter.
public struct UsccAssignment: Codable, Sendable, Equatable {
    public enum Category: String, Codable, Sendable {
        case enterprise, individual

        /// The code's second character.
        public var digit: Character { self == .enterprise ? "1" : "2" }
    }

    public var category: Category
    /// An `id_number` field whose first six digits give the area.
    public var areaFrom: String

    public init(category: Category, areaFrom: String) { self.category = category; self.areaFrom = areaFrom }
}
