import Foundation
import Prometheus
import Vapor

/// Prometheus metrics of the HTTP server: request counts and latency by route pattern.
/// Each application has its own registry, so tests never share counters.
final class HTTPMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5),
    ]

    static var requests: MetricNameDescriptor { MetricNameDescriptor(metricName: "http_requests", unitName: "total",
                                               helpText: "HTTP requests by method, route pattern and status") }
    static var duration: MetricNameDescriptor { MetricNameDescriptor(metricName: "http_request_duration", unitName: "seconds",
                                               helpText: "HTTP request latency by method and route pattern") }

    func record(method: String, route: String, status: UInt, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.requests,
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.duration,
            labels: [("method", method), ("route", route)],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    func exposition() -> String { registry.emitToString() }
}

extension Application {
    private struct HTTPMetricsKey: StorageKey { typealias Value = HTTPMetrics }

    var httpMetrics: HTTPMetrics {
        if let metrics = storage[HTTPMetricsKey.self] { return metrics }
        let metrics = HTTPMetrics()
        storage[HTTPMetricsKey.self] = metrics
        return metrics
    }
}

/// Records every request under its route pattern (`/api/v1/services/:code`), so that labels stay
/// few however many URLs are asked for; requests that match no route count as `unmatched`.
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: HTTPMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code,
                       duration: ContinuousClock.now - start)
        return response
    }
}
