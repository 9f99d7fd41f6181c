import Vapor

/// An RFC 9457 problem: what the API answers on every error, with a Chinese `detail` and, for
/// validation, the per-field `errors`.
struct Problem: Error, Content {
    var type: String = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var errors: [FieldErrors.Entry]?

    init(status: HTTPResponseStatus, detail: String, errors: FieldErrors? = nil) {
        self.title = Self.title(for: status)
        self.status = Int(status.code)
        self.detail = detail
        self.errors = errors?.entries
    }

    static func badRequest(_ errors: FieldErrors) -> Problem {
        Problem(status: .badRequest, detail: errors.summary, errors: errors)
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, detail: detail)
    }

    static let mediaType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])

    static func title(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "请求有误"
        case 401: "需要登录"
        case 403: "无权访问"
        case 404: "未找到"
        case 405: "不支持的请求方法"
        case 409: "冲突"
        case 413: "内容过大"
        case 415: "不支持的内容类型"
        case 422: "内容无法处理"
        case 429: "请求过于频繁"
        case 500..<600: "服务器暂时出了问题"
        default: status.reasonPhrase
        }
    }
}
