import Foundation
import YiwangDomain

/// The policy files of a directory (`Resources/Policies`; its `pending/` is left out), each decoded
/// and checked (`PolicyValidator`); versions of one policy must not collide.
public enum PolicyFiles {
    public static func load(directory: String) throws -> [Policy] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        let policies = try files.map { file in
            do {
                return try PolicyBook.decode(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
            } catch {
                throw PolicyValidator.Invalid(policy: file, problems: ["\(error)"])
            }
        }
        let conflicts = PolicyValidator.conflicts(policies)
        guard conflicts.isEmpty else { throw PolicyValidator.Invalid(policy: directory, problems: conflicts) }
        return policies
    }
}
