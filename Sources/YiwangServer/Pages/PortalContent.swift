import Foundation
import Vapor

/// The operator's own content on the home page, kept in `Resources/Site/portal.json` and read at
/// boot: 通知公告 (title, date, text, an optional link on this site), and the services the 长辈版
/// home offers as big buttons. A file that does not decode is reported and leaves both empty rather
/// than stopping the site.
struct PortalContent: Codable, Sendable, Equatable {
    var notices: [SiteNotice] = []
    /// Item codes, in the order the 长辈版 home shows them.
    var elderServices: [String] = []

    enum CodingKeys: String, CodingKey {
        case notices
        case elderServices = "elder_services"
    }

    static let path = "Site/portal.json"

    static func load(resourcesDirectory: String, logger: Logger) -> PortalContent {
        guard let data = FileManager.default.contents(atPath: resourcesDirectory + path) else { return PortalContent() }
        do {
            var content = try JSONDecoder().decode(PortalContent.self, from: data)
            content.notices = content.notices
                .filter { notice in notice.link.map { ElderMode.safeReturnPath($0) == $0 } ?? true }
                .sorted { $0.date > $1.date }
            return content
        } catch {
            logger.error("\(path) does not decode: \(error)")
            return PortalContent()
        }
    }
}

struct SiteNotice: Codable, Sendable, Equatable {
    let title: String
    let date: String
    let body: String
    let link: String?
}

private struct PortalContentKey: StorageKey { typealias Value = PortalContent }

extension Application {
    /// The home page's notices and 长辈版 services, read from `Resources/Site/portal.json` at boot.
    var portalContent: PortalContent {
        get { storage[PortalContentKey.self] ?? PortalContent() }
        set { storage[PortalContentKey.self] = newValue }
    }
}
