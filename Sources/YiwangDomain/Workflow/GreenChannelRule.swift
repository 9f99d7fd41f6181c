/// Who a department's 绿色通道 class covers: applicants of at least an age (from the ID number), or
/// listed enterprises (by unified social credit code, e.g. 省重点项目企业). A case submitted by
/// someone the rule covers goes into the green channel at once, with the class named as the reason.
public enum GreenChannelRule: Sendable, Equatable {
    case ageAtLeast(Int)
    case enterprises(Set<String>)

    public enum Kind: String, Sendable, CaseIterable {
        case ageAtLeast = "age_at_least"
        case enterprises

        /// 年满…周岁的申请人, 名单内的企业.
        public var label: String {
            switch self {
            case .ageAtLeast: "年满一定年龄的申请人"
            case .enterprises: "名单内的企业（统一社会信用代码）"
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .ageAtLeast: .ageAtLeast
        case .enterprises: .enterprises
        }
    }

    /// The rule's value as stored and edited: the age, or the codes one per line.
    public var value: String {
        switch self {
        case .ageAtLeast(let years): String(years)
        case .enterprises(let codes): codes.sorted().joined(separator: "\n")
        }
    }

    /// The rule from a form's kind and value, or what is wrong with them (in Chinese).
    public static func parse(kind: String, value: String) -> Result<GreenChannelRule, RuleProblem> {
        switch Kind(rawValue: kind) {
        case .ageAtLeast:
            guard let years = Int(value.trimmingCharacters(in: .whitespacesAndNewlines)), (1...150).contains(years) else {
                return .failure(RuleProblem("年龄须为 1–150 之间的整数"))
            }
            return .success(.ageAtLeast(years))
        case .enterprises:
            let separators: Set<Character> = ["\n", "\r", ",", "，", "、", ";", "；", " "]
            let entries = value.split(whereSeparator: { separators.contains($0) }).map(String.init)
            guard !entries.isEmpty else { return .failure(RuleProblem("请至少填写一个统一社会信用代码")) }
            guard entries.count <= 5000 else { return .failure(RuleProblem("名单最多 5000 家企业")) }
            var codes: Set<String> = []
            for entry in entries {
                do { codes.insert(try UnifiedSocialCreditCode(entry).value) } catch {
                    return .failure(RuleProblem("“\(entry.prefix(24))”不是有效的统一社会信用代码：\(error.description)"))
                }
            }
            return .success(.enterprises(codes))
        case nil:
            return .failure(RuleProblem("请选择绿色通道对象的类型"))
        }
    }

    public struct RuleProblem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Whether an applicant (their ID number) or the enterprise they apply for (its code) is covered on `today`.
    public func covers(idNumber: String?, enterpriseCode: String?, on today: CivilDate) -> Bool {
        switch self {
        case .ageAtLeast(let years):
            guard let idNumber, let id = try? ResidentIdentityNumber(idNumber, today: today) else { return false }
            return id.age(on: today) >= years
        case .enterprises(let codes):
            guard let enterpriseCode else { return false }
            return codes.contains(enterpriseCode.uppercased())
        }
    }
}
