import Vapor
import YiwangDomain

/// The catalog API's answers: the read models as published, and the lists around them.
extension ServiceSummary: Content {}
extension DepartmentSummary: Content {}
extension ServiceGuide: Content {}

struct ServiceListDTO: Content {
    let items: [ServiceSummary]
    let total: Int
    let limit: Int
    let offset: Int
    /// 一件事 the query is about, listed beside the items (first page only).
    let bundles: [BundleSummary]
}

struct DepartmentListDTO: Content {
    let items: [DepartmentSummary]
}
