/// The registries facts come from, named as a person reads them on a trace line.
public enum FactSource: String, Sendable, CaseIterable, Codable {
    case population, civilAffairs, disability, socialInsurance, medicalInsurance, employment, housingFund, enterprise, credit, account

    public var label: String {
        switch self {
        case .population: "湖南省人口信息库（省公安厅）"
        case .civilAffairs: "湖南省社会救助信息系统（省民政厅）"
        case .disability: "全国残疾人人口基础数据库（省残联）"
        case .socialInsurance: "湖南省社会保险信息系统（省人社厅）"
        case .medicalInsurance: "湖南省医疗保障信息平台（省医保局）"
        case .employment: "湖南省公共就业服务信息系统（省人社厅）"
        case .housingFund: "住房公积金管理中心"
        case .enterprise: "国家企业信用信息公示系统（省市场监管局）"
        case .credit: "信用中国（湖南）"
        case .account: "实名账户的身份证号码"
        }
    }
}

/// What a registry record holds of a person, and the facts policies test derived from it: the age on
/// the day of the evaluation from the birth date, the 户籍 province, prefecture and county from the
/// division code. Pure: the registry rows and the day are all it reads.
public enum PersonFacts {
    /// Registry fields that are not policy facts themselves but give some.
    public static let birthDate = "birth_date"
    public static let hukouDivision = "hukou_division"

    /// The facts of a person on `day`: every stored fact, plus those derived. With no registry birth
    /// date the ID number's own (a verified account's) gives the age, named as its source.
    public static func derive(_ raw: [String: SourcedFact], idNumber: String?, on day: CivilDate) -> [String: SourcedFact] {
        var facts = raw
        facts[birthDate] = nil
        facts[hukouDivision] = nil
        if let stored = raw[birthDate], case .text(let text) = stored.value, let born = CivilDate(text) {
            facts["age"] = SourcedFact(.number(Double(born.fullYears(until: day))), source: stored.source + "，出生日期 " + text, asOf: stored.asOf)
        } else if let idNumber, let number = try? ResidentIdentityNumber(idNumber, today: day) {
            facts["age"] = SourcedFact(.number(Double(number.age(on: day))), source: FactSource.account.label, asOf: day)
        }
        if let stored = raw[hukouDivision], case .text(let code) = stored.value {
            for (fact, name) in place(of: code) { facts[fact] = SourcedFact(.text(name), source: stored.source, asOf: stored.asOf) }
        }
        return facts
    }

    /// The province, prefecture and county of a six-digit division code, as far as they are known.
    static func place(of code: String) -> [(String, String)] {
        guard code.count == 6 else { return [] }
        var place: [(String, String)] = []
        if let province = provinces[String(code.prefix(2))] { place.append(("hukou_province", province)) }
        guard code.hasPrefix("43") else { return place }
        let prefectureCode = String(code.prefix(4)) + "00"
        if let prefecture = HunanDivisions.prefectures.first(where: { $0.code == prefectureCode }) {
            place.append(("hukou_city", prefecture.name))
            if let area = HunanDivisions.area(code: code) {
                place.append(("hukou_county", String(area.dropFirst(("湖南省" + prefecture.name).count))))
            }
        }
        return place
    }

    /// GB/T 2260's provinces by their two-digit code.
    static let provinces: [String: String] = [
        "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区", "21": "辽宁省", "22": "吉林省",
        "23": "黑龙江省", "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省",
        "37": "山东省", "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
        "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区", "61": "陕西省", "62": "甘肃省",
        "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区", "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
    ]
}

/// A correction of a fact a decision used, as the department enters it after upholding a "数据有误"
/// objection: which registry field it changes and the value in that field's kind. A derived fact is
/// corrected where it comes from — the age through the birth date, the 户籍 place through the division.
public enum FactCorrection {
    public struct Parsed: Sendable, Equatable {
        public let registryFact: String
        public let value: FactValue
    }

    public static func parse(fact: String, input: String) -> Result<Parsed, CorrectionProblem> {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .failure(.init("请填写更正后的数据")) }
        switch fact {
        case "age":
            guard let day = CivilDate(text) else { return .failure(.init("年龄按出生日期更正，请填写出生日期，如 1946-12-07")) }
            return .success(.init(registryFact: PersonFacts.birthDate, value: .text(day.description)))
        case "hukou_province", "hukou_city", "hukou_county":
            guard let code = HunanDivisions.code(ofArea: text) else {
                return .failure(.init("户籍地按县市区更正，请填写湖南省内的县市区，如 湖南省长沙市芙蓉区"))
            }
            return .success(.init(registryFact: PersonFacts.hukouDivision, value: .text(code)))
        default:
            guard let kind = FactVocabulary.facts[fact]?.kind else { return .failure(.init("这项数据不能更正")) }
            switch kind {
            case .number:
                guard let number = Double(text), number.isFinite, number >= 0 else { return .failure(.init("请填写数字")) }
                return .success(.init(registryFact: fact, value: .number(number)))
            case .flag:
                switch text {
                case "是", "true", "有": return .success(.init(registryFact: fact, value: .flag(true)))
                case "否", "false", "无": return .success(.init(registryFact: fact, value: .flag(false)))
                default: return .failure(.init("请填写“是”或“否”"))
                }
            case .text:
                guard text.count <= 100 else { return .failure(.init("不能超过 100 字")) }
                return .success(.init(registryFact: fact, value: .text(text)))
            }
        }
    }

    /// A corrected registry value as people read it: "户籍地 湖南省长沙市芙蓉区", "出生日期 1946-12-07".
    public static func describe(registryFact: String, value: FactValue) -> String {
        switch (registryFact, value) {
        case (PersonFacts.hukouDivision, .text(let code)): "户籍地 " + (HunanDivisions.area(code: code) ?? code)
        case (PersonFacts.birthDate, .text(let day)): "出生日期 " + day
        default: (FactVocabulary.facts[registryFact]?.label ?? registryFact) + " " + value.description
        }
    }

    public struct CorrectionProblem: Error, Sendable, Equatable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    /// The registry that keeps a fact: where its correction goes.
    public static func keeper(of fact: String) -> FactSource {
        switch fact {
        case "age", "hukou_province", "hukou_city", "hukou_county", PersonFacts.birthDate, PersonFacts.hukouDivision: .population
        case "disability_certificate", "disability_grade", "disability_kind", "disability_certificate_number": .disability
        case "dibao", "dibao_edge", "tekun", "family_income_below_standard", "family_assets_within_limit": .civilAffairs
        case "unemployment_registered", "involuntary_unemployment": .employment
        case "spouse_name", "spouse_id_number": .civilAffairs
        case "medical_contribution_years", "medical_hunan_years": .medicalInsurance
        case "housing_fund_account", "housing_fund_balance": .housingFund
        case "company_province", "company_size", "company_division", "company_business_scope": .enterprise
        case "company_serious_dishonesty": .credit
        default: .socialInsurance
        }
    }
}
