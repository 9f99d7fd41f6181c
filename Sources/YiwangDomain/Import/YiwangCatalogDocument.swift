import Foundation

/// The platform's own exchange format: the catalog files of every department in one document.
///
/// `{"format": "yiwang-catalog", "version": 1, "catalog": [{"department": …, "items": […]}, …]}`.
/// A single catalog file (`{"department": …, "items": […]}`) is accepted on import too.
public struct YiwangCatalogDocument: Codable, Sendable, Equatable {
    public static let formatName = "yiwang-catalog"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var catalog: [CatalogFile]

    public init(catalog: [CatalogFile]) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.catalog = catalog
    }

    public func encoded() throws -> Data {
        try CatalogCoding.encoder(pretty: true).encode(self)
    }

    /// Reads a document item by item, so that one bad item is reported and the others still import.
    /// Items are numbered from 1 in document order; that number stands in for the line.
    public static func lines(from data: Data) -> [ImportLine] {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return [.skipped(line: 0, reason: "不是有效的 JSON 文档")]
        }
        let files: [[String: Any]]
        if let catalog = root["catalog"] as? [[String: Any]] {
            guard (root["format"] as? String) == formatName else {
                return [.skipped(line: 0, reason: "format 须为 \(formatName)")]
            }
            guard (root["version"] as? Int) == currentVersion else {
                return [.skipped(line: 0, reason: "不支持的版本 \(root["version"] ?? "（缺失）")，须为 \(currentVersion)")]
            }
            files = catalog
        } else if root["department"] != nil {
            files = [root]
        } else {
            return [.skipped(line: 0, reason: "缺少 catalog 或 department 字段")]
        }
        var lines: [ImportLine] = []
        var number = 0
        let validator = CatalogValidator(standard: .minimal)
        for file in files {
            let items = file["items"] as? [Any] ?? []
            let department: Department
            do {
                department = try decode(Department.self, file["department"] as Any)
            } catch {
                for _ in items { number += 1; lines.append(.skipped(line: number, reason: "部门信息无效：\(error)")) }
                continue
            }
            for raw in items {
                number += 1
                do {
                    let item = try decode(ServiceItem.self, raw)
                    if let problem = validator.validate(item).first {
                        lines.append(.skipped(line: number, reason: problem.description))
                    } else {
                        lines.append(.item(line: number, department: department, item: item))
                    }
                } catch {
                    lines.append(.skipped(line: number, reason: error.description))
                }
            }
        }
        return lines
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ value: Any) throws(ItemDecodingError) -> T {
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value) else {
            throw ItemDecodingError(description: "不是 JSON 对象")
        }
        do {
            return try CatalogCoding.decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ItemDecodingError(description: CatalogCoding.describe(error))
        } catch {
            throw ItemDecodingError(description: "\(error)")
        }
    }
}

struct ItemDecodingError: Error, CustomStringConvertible {
    let description: String
}
