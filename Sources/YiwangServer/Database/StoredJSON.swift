import Foundation

/// Values kept in a text column as JSON (a list of ids, a deadline clock): one way to write them
/// and one to read them back, where a value that does not read is treated as absent.
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from json: String?) -> T? {
        json.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }
}
