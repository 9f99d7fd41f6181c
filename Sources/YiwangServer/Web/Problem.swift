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
        case let needed as CompanyApplicantNeeded:
            self.init(ServiceError.conflict(needed.message))
        case let limited as RateLimited:
            self.init(status: .tooManyRequests, detail: "请求过于频繁，请 \(limited.seconds) 秒后再试")
        case let method as MethodNotAllowed:
            self.init(status: .methodNotAllowed, detail: "该地址不支持这种请求方法，可用：\(method.header)")
        case is ConnectionPoolTimeoutError:
            // every database connection stayed busy past the pool's wait: the platform is overloaded, not broken
            self.init(status: .serviceUnavailable, detail: Self.busyDetail)
        case let decoding as DecodingError:
            // before AbortError: Vapor makes DecodingError one, with an English reason
            let (field, message) = Self.describe(decoding)
            self.init(status: .badRequest, detail: "请求内容的格式不对：\(message)",
                      errors: field.map { FieldErrors.field($0, message) })
        case let abort as any AbortError:
            // the framework's reasons are English ("Can't decode data without a content type"): a client gets Chinese
            let status = abort.status
            let chinese = abort.reason.unicodeScalars.contains { $0.properties.isIdeographic }
            self.init(status: status, detail: chinese && status.code < 500 ? abort.reason : Self.defaultDetail(for: status))
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

    /// The field a decoding error is about (its path, dotted) and what is wrong with it, in Chinese.
    static func describe(_ error: DecodingError) -> (field: String?, message: String) {
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String? {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
            return text.isEmpty ? nil : text
        }
        func named(_ field: String?) -> String { field.map { "字段 \($0) " } ?? "内容" }
        switch error {
        case .typeMismatch(let type, let context):
            let field = path(context)
            return (field, "\(named(field))应为\(kind(of: type))")
        case .valueNotFound(let type, let context):
            let field = path(context)
            return (field, "\(named(field))不能为空，应为\(kind(of: type))")
        case .keyNotFound(let key, let context):
            let field = path(context, key)
            return (field, "缺少字段 \(field ?? key.stringValue)")
        case .dataCorrupted(let context):
            let field = path(context)
            return (field, field == nil ? "不是有效的 JSON 或表单" : "\(named(field))的值无效（数字须为范围内的整数）")
        @unknown default:
            return (nil, "无法读取")
        }
    }

    /// A Swift type as a client would know it.
    private static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type, is Optional<String>.Type, is Substring.Type: "文本"
        case is Bool.Type, is Optional<Bool>.Type: "true 或 false"
        case is Int.Type, is Optional<Int>.Type, is Int64.Type, is Int32.Type, is UInt.Type: "整数"
        case is Double.Type, is Optional<Double>.Type, is Float.Type: "数字"
        case is UUID.Type, is Optional<UUID>.Type: "UUID"
        case is Date.Type, is Optional<Date>.Type: "日期时间"
        default:
            String(describing: type).hasPrefix("Array") || String(describing: type).hasPrefix("[") ? "列表"
                : String(describing: type).hasPrefix("Dictionary") ? "对象" : "正确的类型"
        }
    }

    static let busyDetail = "系统繁忙，您的请求没有被处理，请稍后再试"
    static let busyRetryAfter = 3

    /// Seconds to wait before trying again, for a `Retry-After` header.
    static func retryAfter(_ error: any Error) -> Int? {
        switch error {
        case let limited as RateLimited: limited.seconds
        case ServiceError.tooManyRequests(_, let seconds?): seconds
        case is ConnectionPoolTimeoutError: busyRetryAfter
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
