import Vapor

/// An RFC 9457 problem: what the API answers on every error, with a Chinese `detail` and, for
/// validation, the per-field `errors`. `Problem(for:)` is the one place where what a service
/// throws becomes an HTTP status.
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
        case 414: "请求地址过长"
        case 415: "不支持的内容类型"
        case 422: "内容无法处理"
        case 429: "请求过于频繁"
        case 500..<600: "服务器暂时出了问题"
        default: status.reasonPhrase
        }
    }
}

extension Problem {
    /// The answer an error gets — its status and Chinese detail: a service's refusal, bad fields, a
    /// rate limit, the framework's own errors (routing, decoding, body size), or anything else as a
    /// 500 whose detail says nothing of the cause. Also what the audit records of a failed write.
    init(for error: any Error) {
        switch error {
        case let problem as Problem:
            self = problem
        case let refusal as ServiceError:
            self.init(refusal)
        case let errors as FieldErrors:
            self = .badRequest(errors)
        case let limited as RateLimited:
            self.init(status: .tooManyRequests, detail: "请求过于频繁，请 \(limited.seconds) 秒后再试")
        case let abort as any AbortError:
            let status = abort.status
            self.init(status: status, detail: abort.reason == status.reasonPhrase ? Self.defaultDetail(for: status) : abort.reason)
        case is DecodingError:
            self.init(status: .badRequest, detail: "请求内容的格式不对，请检查后重试")
        default:
            self.init(status: .internalServerError, detail: Self.defaultDetail(for: .internalServerError))
        }
    }

    init(_ refusal: ServiceError) {
        switch refusal {
        case .badRequest(let detail): self.init(status: .badRequest, detail: detail)
        case .unauthenticated(let detail): self.init(status: .unauthorized, detail: detail)
        case .forbidden(let detail): self.init(status: .forbidden, detail: detail)
        case .notFound(let detail): self.init(status: .notFound, detail: detail)
        case .conflict(let detail): self.init(status: .conflict, detail: detail)
        case .tooLarge(let detail): self.init(status: .payloadTooLarge, detail: detail)
        case .unprocessable(let detail, let fields): self.init(status: .unprocessableEntity, detail: detail, errors: fields)
        case .tooManyRequests(let detail, _): self.init(status: .tooManyRequests, detail: detail)
        case .unavailable(let detail): self.init(status: .serviceUnavailable, detail: detail)
        }
    }

    /// Seconds to wait before trying again, for a `Retry-After` header.
    static func retryAfter(_ error: any Error) -> Int? {
        switch error {
        case let limited as RateLimited: limited.seconds
        case ServiceError.tooManyRequests(_, let seconds?): seconds
        default: nil
        }
    }

    static func defaultDetail(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 404: "您访问的页面或资源不存在"
        case 405: "该地址不支持这种请求方法"
        case 413: "提交的内容过大"
        case 415: "不支持的内容类型"
        case 500..<600: "服务器暂时出了问题，请稍后再试；如多次出现，请拨打 12345 政务服务便民热线"
        default: Problem.title(for: status)
        }
    }
}
