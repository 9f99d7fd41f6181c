import Foundation
import Synchronization
import Vapor

/// A fixed budget of requests per client address and window for one group of routes (the
/// assistant, SMS codes), kept in memory on each node: enough to stop one client from flooding a
/// costly endpoint; the per-number and per-account limits in the database still apply across nodes.
/// Over budget: 429 with `Retry-After` and a Chinese message.
final class RateLimitMiddleware: AsyncMiddleware, Sendable {
    let name: String
    let limit: Int
    let window: TimeInterval
    private let windows = Mutex<[String: (start: Date, count: Int)]>([:])
    /// The time windows are counted in; tests hold it still, so that a slow machine does not open a new window.
    private let clock = Mutex<@Sendable () -> Date>({ Date() })

    func setClock(_ now: @escaping @Sendable () -> Date) { clock.withLock { $0 = now } }

    init(name: String, limit: Int, per window: TimeInterval) {
        self.name = name; self.limit = limit; self.window = window
    }

    /// Counts a request from `address` at `now`; nil when allowed, else the seconds to wait.
    func take(_ address: String, now: Date = Date()) -> Int? {
        windows.withLock { windows -> Int? in
            if windows.count > 50_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < window } }
            var entry = windows[address] ?? (now, 0)
            if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
            guard entry.count < limit else { return max(1, Int((window - now.timeIntervalSince(entry.start)).rounded(.up))) }
            entry.count += 1
            windows[address] = entry
            return nil
        }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let wait = take(request.clientAddress, now: clock.withLock { $0 }()) {
            request.logger.warning("rate limited", metadata: ["limit": .string(name)])
            throw RateLimited(seconds: wait)
        }
        return try await next.respond(to: request)
    }
}

/// Over a rate limit: answered 429 with `Retry-After` (see `ErrorRenderingMiddleware`).
struct RateLimited: Error {
    let seconds: Int
}

extension Application {
    private struct RateLimitsKey: StorageKey { typealias Value = RateLimits }

    /// The platform's rate limits, one budget per group of routes, shared by API and pages.
    struct RateLimits: Sendable {
        /// 小自然: 30 questions a minute from one address.
        let assistant = RateLimitMiddleware(name: "assistant", limit: 30, per: 60)
        /// SMS verification codes: 20 an hour from one address, whatever the numbers.
        let smsCodes = RateLimitMiddleware(name: "sms-codes", limit: 20, per: 3600)
        /// Registration attempts: 20 an hour from one address, so nobody can try numbers in bulk.
        let registrations = RateLimitMiddleware(name: "registrations", limit: 20, per: 3600)
    }

    var rateLimits: RateLimits {
        if let limits = storage[RateLimitsKey.self] { return limits }
        let limits = RateLimits()
        storage[RateLimitsKey.self] = limits
        return limits
    }
}
