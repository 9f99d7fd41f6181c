/// A fact's value: a number, a text or a yes/no.
public enum FactValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case flag(Bool)
    case list([FactValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .text(text) }
        else { self = .list(try container.decode([FactValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        case .flag(let flag): try container.encode(flag)
        case .list(let values): try container.encode(values)
        }
    }

    /// As a person reads it: "80", "湖南省", "是" / "否".
    public var description: String {
        switch self {
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .text(let text): text
        case .flag(let flag): flag ? "是" : "否"
        case .list(let values): values.map(\.description).joined(separator: "、")
        }
    }

    public var number: Double? { if case .number(let value) = self { value } else { nil } }
}

/// A fact with where it comes from and as of when: what every trace line shows the person.
public struct SourcedFact: Sendable, Equatable, Codable {
    public var value: FactValue
    /// The registry, in words: "湖南省人口信息库（公安厅）".
    public var source: String
    public var asOf: CivilDate

    public init(_ value: FactValue, source: String, asOf: CivilDate) {
        self.value = value; self.source = source; self.asOf = asOf
    }
}

/// The kind of each named fact a policy may test, and its name in Chinese: policies are checked
/// against this list when they load, so a misspelt fact is a load error, not a silent "unknown".
public enum FactVocabulary {
    public enum Kind: String, Sendable { case number, text, flag }

    public static let facts: [String: (kind: Kind, label: String, target: PolicyTarget)] = [
        "age": (.number, "年龄（周岁）", .person),
        "hukou_province": (.text, "户籍所在省", .person),
        "hukou_city": (.text, "户籍所在市州", .person),
        "hukou_county": (.text, "户籍所在县市区", .person),
        "disability_certificate": (.flag, "持有第二代残疾人证", .person),
        "disability_grade": (.number, "残疾等级", .person),
        "disability_kind": (.text, "残疾类别", .person),
        "dibao": (.flag, "城乡最低生活保障对象", .person),
        "dibao_edge": (.flag, "低保边缘家庭成员", .person),
        "tekun": (.flag, "特困供养人员", .person),
        "pension_receiving": (.flag, "已按月领取基本养老金", .person),
        "unemployment_registered": (.flag, "已办理失业登记", .person),
        "involuntary_unemployment": (.flag, "非因本人意愿中断就业", .person),
        "ui_paid_months": (.number, "失业保险累计缴费月数", .person),
        "skill_certificate_level": (.number, "职业技能等级证书等级", .person),
        "skill_certificate_this_year": (.flag, "本年度取得证书且未申领过补贴", .person),
        "family_income_below_standard": (.flag, "家庭月人均收入低于当地低保标准", .person),
        "family_assets_within_limit": (.flag, "家庭财产符合当地规定", .person),
        "company_province": (.text, "企业注册地所在省", .company),
        "company_ui_paid_months": (.number, "企业失业保险参保缴费月数", .company),
        "company_layoff_rate": (.number, "上年度裁员率（%）", .company),
        "company_employees": (.number, "职工人数", .company),
        "company_size": (.text, "企业规模", .company),
        "company_serious_dishonesty": (.flag, "列入严重失信主体名单", .company),
        "company_ui_contribution_last_year": (.number, "上年度实际缴纳失业保险费（元）", .company),
        "company_new_youth_hires": (.number, "新招用并参保的青年人数", .company),
    ]
}
