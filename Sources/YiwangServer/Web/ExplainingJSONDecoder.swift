import Foundation
import Vapor

/// The API's JSON decoder, which says where a number went wrong. Foundation on Linux answers a
/// number that does not fit the field (`1.5` or `1e30` for an integer) with "not valid JSON" and no
/// path; when the body is valid JSON after all, this finds the first number that is not a whole
/// number within Int's range and reports it at its path, so the client reads which field is wrong.
struct ExplainingJSONDecoder: ContentDecoder {
    let decoder: JSONDecoder

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        do { return try decoder.decode(D.self, from: body, headers: headers) } catch { throw Self.explain(error, body: body) }
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                              userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        do { return try decoder.decode(D.self, from: body, headers: headers, userInfo: userInfo) } catch { throw Self.explain(error, body: body) }
    }

    static func explain(_ error: any Error, body: ByteBuffer) -> any Error {
        guard case DecodingError.dataCorrupted(let context) = error, context.codingPath.isEmpty,
              let value = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: [.fragmentsAllowed]),
              let path = firstNonInteger(in: value, at: []) else { return error }
        return DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "a number that is not a whole number within range"))
    }

    /// The path of the first number in `value` that is not an integer Int can hold, depth first.
    static func firstNonInteger(in value: Any, at path: [any CodingKey]) -> [any CodingKey]? {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = firstNonInteger(in: object[key]!, at: path + [PathKey(stringValue: key)]) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = firstNonInteger(in: element, at: path + [PathKey(intValue: index)]) { return found }
            }
            return nil
        case let number as NSNumber:  // true and false read as 1 and 0: whole numbers
            let double = number.doubleValue
            let whole = double.rounded() == double && abs(double) < 9.2e18
            return whole ? nil : path
        default:
            return nil
        }
    }

    private struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
    }
}
