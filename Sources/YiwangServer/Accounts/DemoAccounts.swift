import Crypto
import Fluent
import Foundation
import Synchronization
import YiwangDomain

/// Demo accounts for a first start: two citizens (one the legal representative of a demo drug
/// maker), and staff of the drug administration and civil affairs with each role. All share one
/// published password; a deploying province deletes them.
enum DemoAccounts {
    static let password = "Hunan@2026"

    struct Person {
        let login: String
        let name: String
        let idNumber: String?
        let phone: String?
        let address: String?
        let department: String?
        let roles: [StaffRole]
    }

    static let citizens = [
        Person(login: "13800000001", name: "张三", idNumber: "43010219850612003X", phone: "13800000001",
               address: "湖南省长沙市芙蓉区五一大道 1 号", department: nil, roles: []),
        Person(login: "13800000002", name: "李四", idNumber: "430104198803080049", phone: "13800000002",
               address: "湖南省长沙市岳麓区麓谷大道 88 号", department: nil, roles: []),
        // near retirement: 退休一件事 is his
        Person(login: "13800000003", name: "王建国", idNumber: "430102196403050017", phone: "13800000003",
               address: "湖南省长沙市芙蓉区韶山北路 9 号", department: nil, roles: []),
    ]

    /// An elderly citizen of 湘潭县 who turns 80 on the day the demo is seeded: 高龄津贴 finds her
    /// (免申即享). Her ID number is compiled for that birth date, so it differs between databases.
    static func elder(seededOn day: CivilDate) -> Person {
        let born = CivilDate(year: day.year - 80, month: day.month, day: day.day) ?? CivilDate(year: day.year - 80, month: 2, day: 28)!
        return Person(login: elderLogin, name: "赵桂兰",
                      idNumber: ResidentIdentityNumber.assign(area: "430321", birthDate: born, male: false, serial: 7),
                      phone: elderLogin, address: "湖南省湘潭市湘潭县易俗河镇天易大道 18 号", department: nil, roles: [])
    }

    static let elderLogin = "13800000004"

    /// The elder's ID number as this database has it (nil before the demo accounts are seeded).
    static func elderIDNumber(_ database: any Database, vault: PersonalDataVault) async throws -> String? {
        try await AccountRecord.find(login: elderLogin, vault: vault, on: database)?.idNumber(vault)
    }

    static let enterprise = (uscc: "91430100MA4L202689", name: "湖南湘江制药有限公司", address: "湖南省长沙市岳麓区麓谷大道 88 号",
                             legalRepresentative: "13800000002")

    static let staff: [Person] = ["YJJ": "药监", "MZT": "民政", "WJW": "卫健", "GAT": "公安", "YBJ": "医保", "RST": "人社", "CJRL": "残联"].sorted { $0.key < $1.key }.flatMap { code, short in
        [(StaffRole.intake, "受理员"), (.review, "审查员"), (.approval, "审批人")].map { role, title in
            Person(login: "\(code.lowercased())-\(role.rawValue)", name: "\(short)\(title)", idNumber: nil, phone: nil,
                   address: nil, department: code, roles: [role])
        }
    } + [
        Person(login: "admin", name: "平台管理员", idNumber: nil, phone: nil, address: nil, department: nil, roles: [.admin]),
        Person(login: "auditor", name: "审计员", idNumber: nil, phone: nil, address: nil, department: nil, roles: [.auditor]),
    ]

    /// One hash of the demo password, computed once per process (tests boot many apps).
    private static let passwordHash = Mutex<String?>(nil)

    private static func hashedPassword(_ passwords: any PasswordHasher) async throws -> String {
        if let hash = passwordHash.withLock({ $0 }) { return hash }
        let hash = try await passwords.hash(password)
        passwordHash.withLock { $0 = hash }
        return hash
    }

    /// Seeds the demo accounts into a database that has none; returns the lines to print.
    /// The demo staff's TOTP secret: the first 20 bytes of SHA-256("yiwang-demo-totp:" + login), so the
    /// demo and its browser tests can compute codes. Real staff enroll their own secret at first sign-in.
    static func totpSecret(_ login: String) -> [UInt8] {
        Array(SHA256.hash(data: Data("yiwang-demo-totp:\(login)".utf8)).prefix(20))
    }

    /// Gives demo staff without a second factor the demo one (also for databases seeded before it existed).
    static func seedSecondFactors(_ database: any Database, masterKey: MasterKey?) async throws {
        let factors = SecondFactors(database: database, masterKey: masterKey)
        for person in staff {
            guard let account = try await AccountRecord.query(on: database).filter(\.$login == person.login).first() else { continue }
            try await factors.seedDemo(accountID: try account.requireID(), login: person.login)
        }
    }

    static func seedIfEmpty(_ database: any Database, passwords: any PasswordHasher, vault: PersonalDataVault,
                            today: CivilDate) async throws -> [String] {
        guard try await AccountRecord.query(on: database).count() == 0 else { return [] }
        let hash = try await hashedPassword(passwords)
        let elder = elder(seededOn: today)
        try await database.transaction { database in
            var ids: [String: UUID] = [:]
            for person in citizens + [elder] + staff {
                let citizen = person.department == nil && person.roles.isEmpty
                let account = try AccountRecord(kind: citizen ? .citizen : .staff,
                                                login: citizen ? nil : person.login, name: person.name, idNumber: person.idNumber,
                                                phone: person.phone, address: person.address, passwordHash: hash,
                                                departmentCode: person.department, roles: person.roles.map(\.rawValue).joined(separator: ","),
                                                vault: vault)
                try await account.create(on: database)
                ids[person.login] = try account.requireID()
            }
            let company = EnterpriseRecord(uscc: enterprise.uscc, name: enterprise.name, legalRepresentative: "李四",
                                           address: enterprise.address)
            try await company.create(on: database)
            try await EnterpriseAgentRecord(enterpriseID: try company.requireID(), accountID: ids[enterprise.legalRepresentative]!,
                                            role: "法定代表人").create(on: database)
        }
        return ["演示账号（密码均为 \(password)）："]
            + citizens.map { "  市民 \($0.name)：\($0.login)" + ($0.login == enterprise.legalRepresentative ? "（\(enterprise.name) 法定代表人）" : "") }
            + ["  市民 \(elder.name)：\(elder.login)（今天年满 80 周岁，湘潭县户籍）"]
            + staff.map { "  工作人员 \($0.name)：\($0.login)（\($0.roles.map(\.label).joined(separator: "、"))）动态口令密钥 \(Base32.encode(totpSecret($0.login)))" }
    }
}
