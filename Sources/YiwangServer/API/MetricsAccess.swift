import Crypto
import Foundation
import NIOCore
import Vapor

/// Who may read `/metrics`: whoever sends the configured bearer token; with no token configured,
/// a direct connection from this machine (a proxy's forwarding headers mean the caller is elsewhere).
struct MetricsAccess {
    let token: String?

    static let forwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"]

    func check(_ req: Request) throws {
        if let token {
            guard let sent = req.headers.bearerAuthorization?.token, Self.same(sent, token) else {
                throw ServiceError.unauthenticated("读取监控指标须提供监控令牌（Authorization: Bearer …）")
            }
            return
        }
        let local = req.remoteAddress.map(Self.isLoopback) ?? false
        guard local, !Self.forwardingHeaders.contains(where: req.headers.contains(name:)) else { throw ServiceError.forbidden("未配置监控令牌（YIWANG_METRICS_TOKEN），监控指标只对本机开放") }
    }

    /// Compared as digests, in constant time.
    static func same(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return false }
        return ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("::ffff:127.")
    }
}
