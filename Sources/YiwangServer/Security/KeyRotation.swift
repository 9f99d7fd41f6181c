import Fluent
import Foundation
import SQLKit

/// Moving everything the master key protects to a new master key (`yiwang keys reencrypt`): the
/// operator sets the new key as `YIWANG_MASTER_KEY` and the old one in `YIWANG_MASTER_KEY_PREVIOUS`,
/// runs this, and may then drop the old key. Personal data is sealed again and its blind indexes
/// recomputed; seal keys and second-factor secrets are wrapped again — all in one database
/// transaction, so a failure changes nothing there. Uploaded files follow, each replaced atomically;
/// a run that stops half-way is finished by running it again.
enum KeyRotation {
    struct Report: Sendable {
        var personalData: [String: Int] = [:]
        var sealKeys = 0
        var secondFactors = 0
        var registryPeople = 0
        var auditKeys = 0
        var files = 0

        var summary: String {
            let rows = personalData.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            return "已换用当前主密钥：个人数据 " + (rows.isEmpty ? "无需更新" : rows.joined(separator: "，") + " 行")
                + "；上传文件 \(files) 个；电子印章私钥 \(sealKeys) 把；工作人员动态口令密钥 \(secondFactors) 个；审计密钥 \(auditKeys) 组；人口库演示数据 \(registryPeople) 条"
        }
    }

    /// - Parameter dataDirectory: where the uploads are; their files are sealed again after the
    ///   database has committed (each file is replaced atomically, and a second run finishes the job).
    static func reencrypt(database: any Database, masterKey: MasterKey, dataDirectory: String? = nil) async throws -> Report {
        let vault = PersonalDataVault(masterKey: masterKey)
        var report = try await reencryptDatabase(database, masterKey: masterKey, vault: vault)
        if let dataDirectory {
            report.files = try UploadStore(dataDirectory: dataDirectory, vault: vault).sealAllUnderCurrentKey()
        }
        return report
    }

    private static func reencryptDatabase(_ database: any Database, masterKey: MasterKey, vault: PersonalDataVault) async throws -> Report {
        let current = "v1:\(masterKey.id):"
        return try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return Report() }
            var report = Report()
            report.personalData = try await PersonalDataColumns.bringToCurrentKey(sql, vault: vault)
            for key in try await SealKeyRecord.query(on: database).all() where !key.privateSealed.hasPrefix(current) {
                key.privateSealed = try masterKey.seal(try masterKey.open(key.privateSealed))
                try await key.update(on: database)
                report.sealKeys += 1
            }
            for factor in try await StaffSecondFactorRecord.query(on: database).all() where !factor.secretSealed.hasPrefix(current) {
                factor.secretSealed = try masterKey.seal(try masterKey.open(factor.secretSealed))
                try await factor.update(on: database)
                report.secondFactors += 1
            }
            for keys in try await AuditKeyRecord.query(on: database).all() where !keys.macSealed.hasPrefix(current) {
                keys.macSealed = try masterKey.seal(try masterKey.open(keys.macSealed))
                keys.signingSealed = try masterKey.seal(try masterKey.open(keys.signingSealed))
                try await keys.update(on: database)
                report.auditKeys += 1
            }
            // the population registry's stand-in keeps only indexes, which cannot be recomputed: its demo
            // records are made again under the new key (a real exchange is not stored here at all)
            let probe = DemoAccounts.citizens.compactMap(\.idNumber).first.map { vault.index($0, as: .idNumber) } ?? ""
            if !vault.previous.isEmpty, try await RegistryPersonRecord.find(probe, on: database) == nil {
                report.registryPeople = try await RegistryPersonRecord.query(on: database).count()
                try await RegistryPersonRecord.query(on: database).delete()
                try await RegistryFactRecord.query(on: database).filter(\.$target == .person).delete()
                try await DatabaseRegistryClient.seedDemo(database, vault: vault,
                                                          elderIDNumber: try await DemoAccounts.elderIDNumber(database, vault: vault), today: .today())
            }
            return report
        }
    }
}
