import Foundation

/// The JSON conventions of the catalog: snake_case keys, unescaped Chinese, stable key order.
public enum CatalogCoding {
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Decodes a catalog file, turning Swift's decoding errors into a message that names the JSON path.
    public static func decodeFile(_ data: Data) throws(CatalogDecodingError) -> CatalogFile {
        try decode(CatalogFile.self, from: data)
    }

    /// Decodes any catalog document (a department file, a bundle) with the same messages.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(CatalogDecodingError) -> T {
        do {
            return try decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw CatalogDecodingError(message: describe(error))
        } catch {
            throw CatalogDecodingError(message: "不是有效的 JSON：\(error.localizedDescription)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? snakeCase($0.stringValue) }
            return keys.isEmpty ? "（根）" : keys.joined(separator: "/")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)) 缺少字段 \(snakeCase(key.stringValue))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)) 类型不对：\(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context)) 取值无效：\(context.debugDescription)"
        @unknown default:
            return "无法解析：\(error)"
        }
    }
}

extension CatalogCoding {
    /// `onlineLevel` → `online_level`: error messages name keys as the JSON spells them.
    static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase, !result.isEmpty { result.append("_") }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}

/// A catalog file that could not be decoded; `message` is Chinese and names the JSON path.
public struct CatalogDecodingError: Error, Sendable, Equatable {
    public let message: String
}
