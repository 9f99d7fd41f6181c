/// What a service refuses, in words the person can act on. Services throw this (or `FieldErrors`,
/// one message per field); the web layer maps it in one place (`Problem(for:)`) to an HTTP status
/// and RFC 9457 problem, and a page shows its message where the person acted.
enum ServiceError: Error, Sendable, Equatable {
    /// 400: the request cannot be taken as sent (not one field's fault).
    case badRequest(String)
    /// 401: sign in first (or again).
    case unauthenticated(String)
    /// 403: signed in, but this is not theirs to do.
    case forbidden(String)
    /// 404: no such thing — or one the person may not know exists.
    case notFound(String)
    /// 409: the thing has moved on (someone acted first, it was already submitted …).
    case conflict(String)
    /// 413: more than the platform takes.
    case tooLarge(String)
    /// 422: understood, but not complete or not acceptable; `fields` says where.
    case unprocessable(String, fields: FieldErrors? = nil)
    /// 429: too many attempts; try again after `retryAfter` seconds.
    case tooManyRequests(String, retryAfter: Int? = nil)
    /// 503: a part the platform needs is not there (a key not loaded, a provider down).
    case unavailable(String)

    /// The sentence for the person.
    var message: String {
        switch self {
        case .badRequest(let text), .unauthenticated(let text), .forbidden(let text), .notFound(let text),
             .conflict(let text), .tooLarge(let text), .unprocessable(let text, _), .tooManyRequests(let text, _),
             .unavailable(let text):
            text
        }
    }

    /// The same refusal, its sentence led by `prefix` (which file of several it was about).
    func prefixed(_ prefix: String) -> ServiceError {
        switch self {
        case .badRequest(let text): .badRequest(prefix + text)
        case .unauthenticated(let text): .unauthenticated(prefix + text)
        case .forbidden(let text): .forbidden(prefix + text)
        case .notFound(let text): .notFound(prefix + text)
        case .conflict(let text): .conflict(prefix + text)
        case .tooLarge(let text): .tooLarge(prefix + text)
        case .unprocessable(let text, let fields): .unprocessable(prefix + text, fields: fields)
        case .tooManyRequests(let text, let retryAfter): .tooManyRequests(prefix + text, retryAfter: retryAfter)
        case .unavailable(let text): .unavailable(prefix + text)
        }
    }
}

extension FieldErrors {
    /// One field's error, thrown at once.
    static func field(_ name: String, _ message: String) -> FieldErrors {
        var errors = FieldErrors()
        errors.add(name, message)
        return errors
    }
}
