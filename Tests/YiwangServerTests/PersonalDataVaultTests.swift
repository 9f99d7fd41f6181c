import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import YiwangServer

@Suite("Personal data at rest: sealed under the master key, found by blind index, moved to a new key")
struct PersonalDataVaultTests {
    static func key(_ byte: UInt8) -> MasterKey { MasterKey(Data(repeating: byte, count: 32)) }

    @Test("sealing: a fresh nonce each time, the key id named, any change to the ciphertext refused")
    func sealing() throws {
        let vault = PersonalDataVault(masterKey: Self.key(1))
        let first = try vault.seal("43010219850612003X"), second = try vault.seal("43010219850612003X")
        #expect(first != second && first.hasPrefix("pd1:\(Self.key(1).id):") && !first.contains("430102"))
        #expect(try vault.open(first) == "43010219850612003X")
        // flip one bit of the ciphertext: GCM's tag refuses it
        var bytes = try #require(Data(base64Encoded: String(first.split(separator: ":")[2])))
        bytes[bytes.count / 2] ^= 1
        let changed = "pd1:\(Self.key(1).id):" + bytes.base64EncodedString()
        #expect(throws: PersonalDataVault.Unreadable.self) { try vault.open(changed) }
        #expect(throws: PersonalDataVault.Unreadable.self) { try vault.open("43010219850612003X") }  // never taken as clear text
        // another master key cannot open it, and says which key is missing
        let other = PersonalDataVault(masterKey: Self.key(2))
        do { _ = try other.open(first); Issue.record("opened under the wrong key") } catch let problem as PersonalDataVault.Unreadable {
            #expect(problem.description.contains(Self.key(1).id))
        }
        // a key being retired still opens what it sealed
        var rotated = Self.key(2)
        rotated.previous = [Self.key(1)]
        #expect(try PersonalDataVault(masterKey: rotated).open(first) == "43010219850612003X")
    }

    @Test("blind indexes: equal values match (case and spaces aside), kinds and keys do not")
    func indexes() {
        let vault = PersonalDataVault(masterKey: Self.key(1))
        let index = vault.index("43010219850612003X", as: .idNumber)
        #expect(index.count == 32 && index.allSatisfy(\.isHexDigit))
        #expect(vault.index(" 43010219850612003x", as: .idNumber) == index)
        #expect(vault.index("43010219850612003X", as: .login) != index)
        #expect(vault.index("430102198506120038", as: .idNumber) != index)
        #expect(PersonalDataVault(masterKey: Self.key(2)).index("43010219850612003X", as: .idNumber) != index)
        var rotated = Self.key(2)
        rotated.previous = [Self.key(1)]
        #expect(PersonalDataVault(masterKey: rotated).lookupIndexes("43010219850612003X", as: .idNumber).contains(index))
    }

    /// Every sealed value of every protected column, as stored.
    static func sealedValues(_ app: Application) async throws -> [String] {
        let sql = try #require(app.db as? any SQLDatabase)
        var values: [String] = []
        for table in PersonalDataColumns.tables {
            for row in try await sql.select().columns(table.sealed.map { SQLIdentifier($0) }).from(table.name).all() {
                for column in table.sealed {
                    if let value = try row.decode(column: column, as: String?.self) { values.append(value) }
                }
            }
        }
        return values
    }

    @Test("a new master key: keys reencrypt moves everything over, and the platform works on the new key alone",
          arguments: Backend.available)
    func rotation(_ backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let receipt = try await WorkflowTests.submittedCase(app)
            // an uploaded scan, sealed on disk under the old key
            let (owner, _, fileID) = try await ApplicationTests.draftWithFile(app)
            let old = try app.requireMasterKey()
            var new = Self.key(7)
            new.previous = [old]
            let departments = try await DepartmentRecord.query(on: app.db).count()  // each got its seal key at boot
            let staff = try await StaffSecondFactorRecord.query(on: app.db).count()
            let report = try await KeyRotation.reencrypt(database: app.db, masterKey: new, dataDirectory: app.yiwangConfig!.dataDirectory)
            #expect(report.personalData["accounts"] == 4 && report.personalData["cases"] == 1)
            #expect(report.sealKeys == departments && departments == 18)
            #expect(report.secondFactors == staff && staff >= 8)
            #expect(report.registryPeople == 6 && report.files == 1 && report.auditKeys == 1)
            // the old key is gone
            app.masterKey = Self.key(7)
            // the audit keys open under the new key alone, and the chain written under the old one still verifies
            app.auditKeys = try await AuditKeys.load(database: app.db, masterKey: Self.key(7))
            let chain = AuditChain(database: app.db, keys: app.auditKeys)
            try await chain.seal()
            #expect(try await chain.verify().problem == nil)
            let values = try await Self.sealedValues(app)
            #expect(values.count > 5 && values.allSatisfy { $0.hasPrefix("pd1:\(Self.key(7).id):") })
            // sign-in by mobile number (its index), a staff second factor (its secret), 一键核验 (the registry)
            let citizen = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            #expect(try await citizen.send(.GET, "/api/v1/me").object()["phone"] as? String == "138****0001")
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            let checked = try await clerk.send(.POST, "/api/v1/workbench/cases/\(receipt)/verification").object()
            #expect(checked["passed"] as? Bool == true)
            // 政策找人's registry facts are filed under the new key's indexes too
            let registry = DatabaseRegistryClient(database: app.db, vault: app.personalData)
            #expect(try await registry.personFacts(idNumber: "43010219850612003X")["ui_paid_months"]?.value == .number(96))
            let file = try await owner.send(.GET, "/api/v1/files/\(fileID)")
            #expect(file.status == .ok && Data(buffer: file.body) == Data(SampleFiles.pdf))
            // once is enough: a second run finds nothing to do
            let again = try await KeyRotation.reencrypt(database: app.db, masterKey: Self.key(7), dataDirectory: app.yiwangConfig!.dataDirectory)
            #expect(again.personalData.isEmpty && again.sealKeys == 0 && again.secondFactors == 0 && again.files == 0)
        }
    }

    @Test("a database from before encryption at rest: the migration seals it, and reverting opens it again",
          arguments: Backend.available)
    func migration(_ backend: Backend) async throws {
        try await withTestApp(backend) { app in
            let receipt = try await WorkflowTests.submittedCase(app)
            let migration = ProtectPersonalData(vault: app.personalData)
            // one connection throughout, as the migrator uses: SQLite's other pooled connection may
            // hold the table's old shape for a moment after an ALTER
            let logins = try await app.db.withConnection { db in
                try await migration.revert(on: db)
                let sql = try #require(db as? any SQLDatabase)
                let logins = try await sql.select().column("login").from("accounts").where("kind", .equal, "citizen").all()
                    .map { try $0.decode(column: "login", as: String.self) }
                let form = try await sql.select().column("form_values").from("cases").first()?.decode(column: "form_values", as: String.self)
                #expect(form?.contains("43010219850612003X") == true)
                try await migration.prepare(on: db)
                return logins
            }
            #expect(Set(logins) == ["13800000001", "13800000002", "13800000003", DemoAccounts.elderLogin])
            try await DatabaseRegistryClient.seedDemo(app.db, vault: app.personalData, elderIDNumber: nil, today: app.today())  // the stand-in, as a start does
            let values = try await Self.sealedValues(app)
            #expect(values.allSatisfy { $0.hasPrefix("pd1:") } && !values.contains { $0.contains("430102") })
            let citizen = TestBrowser(app)
            try await citizen.signInAPI("13800000001")
            #expect(try await citizen.send(.GET, "/api/v1/cases/\(receipt)").status == .ok)
            let clerk = TestBrowser(app)
            try await clerk.signInAPI("mzt-intake")
            #expect(try await clerk.send(.POST, "/api/v1/workbench/cases/\(receipt)/verification").object()["passed"] as? Bool == true)
        }
    }
}
