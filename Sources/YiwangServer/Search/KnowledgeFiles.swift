import Foundation
import YiwangAssistant
import YiwangDomain
import YiwangSearch

/// The knowledge the platform ships as data: policy documents (`Resources/Knowledge/policies`), the
/// colloquial-to-official synonym table (`Resources/Search/synonyms.tsv`) and the topics the
/// assistant declines (`Resources/Assistant/out_of_scope.tsv`). Read once at boot; a broken file
/// stops the start with the file and the problem named.
struct KnowledgeFiles: Sendable {
    let policies: [PolicyDocument]
    let synonyms: SynonymTable
    let refusals: OutOfScopeRules

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static func load(resourcesDirectory: String) throws -> KnowledgeFiles {
        let policyDirectory = resourcesDirectory + "Knowledge/policies"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: policyDirectory)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        var policies: [PolicyDocument] = []
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: policyDirectory).appendingPathComponent(name))
            do {
                let policy = try CatalogCoding.decoder().decode(PolicyDocument.self, from: data)
                guard policy.id + ".json" == name, !policy.paragraphs.isEmpty else {
                    throw LoadError(description: "id 与文件名不一致或没有正文")
                }
                policies.append(policy)
            } catch {
                throw LoadError(description: "政策文件 \(name) 无效：\(error)")
            }
        }
        let synonymPath = resourcesDirectory + "Search/synonyms.tsv"
        let text = (try? String(contentsOfFile: synonymPath, encoding: .utf8)) ?? ""
        let (synonyms, badLines) = SynonymTable.parse(text)
        guard badLines.isEmpty else {
            throw LoadError(description: "同义词表 \(synonymPath) 第 \(badLines.map(String.init).joined(separator: "、")) 行格式不对")
        }
        let refusalPath = resourcesDirectory + "Assistant/out_of_scope.tsv"
        let refusals: OutOfScopeRules
        do {
            refusals = try OutOfScopeRules.parse((try? String(contentsOfFile: refusalPath, encoding: .utf8)) ?? "")
        } catch {
            throw LoadError(description: "\(refusalPath)：\(error)")
        }
        return KnowledgeFiles(policies: policies, synonyms: synonyms, refusals: refusals)
    }
}
