import YiwangDomain
import YiwangSearch

/// A validated query of the service list: free text, filters and a page.
struct ServiceListQuery: Sendable, Equatable {
    static let maxLimit = 100
    static let maxOffset = 100_000
    static let maxTextLength = 100

    var terms: [String] = []
    var departmentCode: String?
    var type: ServiceType?
    var limit = 20
    var offset = 0

    /// The whole normalized text, for ranking exact and prefix name matches first.
    var phrase: String { terms.joined(separator: " ") }

    /// Builds a query from raw parameters; every bad value is reported, by parameter, in Chinese.
    static func parse(
        q: String?, department: String?, type: String?, limit: String?, offset: String?
    ) -> Result<ServiceListQuery, FieldErrors> {
        var query = ServiceListQuery()
        var errors = FieldErrors()
        if let q {
            if q.count > maxTextLength {
                errors.add("q", "搜索词不能超过 \(maxTextLength) 个字")
            } else {
                query.terms = TextNormalizer.terms(q)
            }
        }
        if let department, !department.isEmpty {
            if department.count <= 32, department.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                query.departmentCode = department.uppercased()
            } else {
                errors.add("department", "部门代码格式不对")
            }
        }
        if let type, !type.isEmpty {
            if let parsed = ServiceType(rawValue: type) {
                query.type = parsed
            } else {
                errors.add("type", "事项类型须为：" + ServiceType.allCases.map(\.rawValue).joined(separator: "、"))
            }
        }
        if let limit {
            if let value = Int(limit), (1...maxLimit).contains(value) { query.limit = value }
            else { errors.add("limit", "每页条数须为 1–\(maxLimit) 的整数") }
        }
        if let offset {
            if let value = Int(offset), (0...maxOffset).contains(value) { query.offset = value }
            else { errors.add("offset", "偏移量须为 0–\(maxOffset) 的整数") }
        }
        return errors.isEmpty ? .success(query) : .failure(errors)
    }
}
