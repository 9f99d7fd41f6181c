import Fluent
import Foundation
import YiwangDomain

/// What the registry stand-ins hold of the demo people and companies, so that 政策找人 has someone to
/// find on a first start. Each row names its registry; dates are the day the demo is seeded.
///
/// | who | holds | finds |
/// |---|---|---|
/// | 张三 | 长沙市芙蓉区户籍 (head of household, married to 刘芳), 8 years of unemployment insurance, employed | nothing (低保: income to confirm) |
/// | 李四 | 长沙市岳麓区户籍, 二级肢体残疾人证, not 低保 | 重度残疾人护理补贴 (一键确认) |
/// | 王建国 | 长沙市芙蓉区户籍, laid off at 62 and registered unemployed, 15 years insured, housing fund to close | 失业保险金 (快申快享) |
/// | 赵桂兰 | 湘潭县户籍, turns 80 on the seed day | 高龄津贴 50 元/月 (免申即享) |
/// | 湖南湘江制药 | Hunan, 126 staff, layoffs 1.8 %, 82,400 元 paid last year | 稳岗返还 where a version is in force |
/// | 长沙旧城贸易 | revoked, on the serious-dishonesty list | nothing |
enum DemoRegistryFacts {
    /// People and companies each when the stand-in holds none of them (a key rotation makes the people
    /// again: they are filed under indexes of the old key).
    static func seedIfEmpty(_ database: any Database, vault: PersonalDataVault, elderIDNumber: String?, today: CivilDate) async throws {
        let hasPeople = try await RegistryFactRecord.query(on: database).filter(\.$target == .person).count() > 0
        let hasCompanies = try await RegistryFactRecord.query(on: database).filter(\.$target == .company).count() > 0
        let now = Date()
        var rows: [RegistryFactRecord] = []
        func person(_ idNumber: String?, _ facts: [(String, FactValue, FactSource)]) throws {
            guard let idNumber, !hasPeople else { return }
            let subject = vault.index(idNumber, as: .idNumber)
            rows += try facts.map {
                try RegistryFactRecord(target: .person, subject: subject, fact: $0.0, value: $0.1, source: $0.2, asOf: today, now: now, vault: vault)
            }
        }
        func company(_ uscc: String, _ facts: [(String, FactValue, FactSource)]) throws {
            guard !hasCompanies else { return }
            rows += try facts.map { try RegistryFactRecord(target: .company, subject: uscc, fact: $0.0, value: $0.1, source: $0.2, asOf: today, now: now) }
        }
        let citizens = DemoAccounts.citizens
        try person(citizens[0].idNumber, [
            (PersonFacts.birthDate, .text("1985-06-12"), .population), (PersonFacts.hukouDivision, .text("430102"), .population),
            ("hukou_address", .text("湖南省长沙市芙蓉区五一大道 1 号"), .population), ("insured_division", .text("430102"), .socialInsurance),
            ("ssc_bank", .text("中国工商银行长沙五一路支行"), .socialInsurance), ("ssc_account", .text("6212261901000012345"), .socialInsurance),
            ("housing_fund_account", .text("430100001234"), .housingFund), ("household_head_name", .text("张三"), .population),
            ("spouse_name", .text("刘芳"), .civilAffairs), ("spouse_id_number", .text("430102198709150028"), .civilAffairs),
            ("ui_paid_months", .number(96), .socialInsurance), ("pension_receiving", .flag(false), .socialInsurance),
            ("unemployment_registered", .flag(false), .employment), ("dibao", .flag(false), .civilAffairs),
            ("disability_certificate", .flag(false), .disability),
        ])
        try person(citizens[1].idNumber, [
            (PersonFacts.birthDate, .text("1988-03-08"), .population), (PersonFacts.hukouDivision, .text("430104"), .population),
            ("hukou_address", .text("湖南省长沙市岳麓区麓谷大道 88 号"), .population), ("insured_division", .text("430104"), .socialInsurance),
            ("ssc_bank", .text("中国建设银行长沙麓谷支行"), .socialInsurance), ("ssc_account", .text("6217002870000023456"), .socialInsurance),
            ("disability_certificate", .flag(true), .disability), ("disability_grade", .number(2), .disability),
            ("disability_kind", .text("肢体残疾"), .disability), ("dibao", .flag(false), .civilAffairs),
            ("ui_paid_months", .number(60), .socialInsurance), ("pension_receiving", .flag(false), .socialInsurance),
            ("unemployment_registered", .flag(false), .employment),
        ])
        try person(citizens[2].idNumber, [
            (PersonFacts.birthDate, .text("1964-03-05"), .population), (PersonFacts.hukouDivision, .text("430102"), .population),
            ("hukou_address", .text("湖南省长沙市芙蓉区韶山北路 9 号"), .population), ("insured_division", .text("430102"), .socialInsurance),
            ("ssc_bank", .text("中国农业银行长沙芙蓉支行"), .socialInsurance), ("ssc_account", .text("6228481230000034567"), .socialInsurance),
            ("ssc_card_number", .text("E43012345"), .socialInsurance), ("insured_status", .text("已中断缴费人员"), .socialInsurance),
            ("work_start_date", .text("1984-07-01"), .socialInsurance),
            ("medical_contribution_years", .number(28), .medicalInsurance), ("medical_hunan_years", .number(28), .medicalInsurance),
            ("housing_fund_account", .text("430100005678"), .housingFund), ("housing_fund_balance", .number(86_520.35), .housingFund),
            ("ui_paid_months", .number(180), .socialInsurance), ("pension_receiving", .flag(false), .socialInsurance),
            ("unemployment_registered", .flag(true), .employment), ("involuntary_unemployment", .flag(true), .employment),
            ("dibao", .flag(false), .civilAffairs), ("disability_certificate", .flag(false), .disability),
        ])
        let elderBorn = elderIDNumber.flatMap { try? ResidentIdentityNumber($0, today: today).birthDate }
        try person(elderIDNumber, [
            (PersonFacts.birthDate, .text(elderBorn?.description ?? ""), .population), (PersonFacts.hukouDivision, .text("430321"), .population),
            ("hukou_address", .text("湖南省湘潭市湘潭县易俗河镇天易大道 18 号"), .population), ("insured_division", .text("430321"), .socialInsurance),
            ("ssc_bank", .text("湖南湘潭农村商业银行易俗河支行"), .socialInsurance), ("ssc_account", .text("6230901810000045678"), .socialInsurance),
            ("pension_receiving", .flag(true), .socialInsurance), ("dibao", .flag(false), .civilAffairs),
            ("disability_certificate", .flag(false), .disability),
        ])
        try person("430104194105200017", [
            (PersonFacts.birthDate, .text("1941-05-20"), .population), (PersonFacts.hukouDivision, .text("430104"), .population),
            ("pension_receiving", .flag(true), .socialInsurance),
        ])
        try company(DemoAccounts.enterprise.uscc, [
            ("company_province", .text("湖南省"), .enterprise), ("company_division", .text("430104"), .enterprise),
            ("company_bank_name", .text("中国建设银行长沙麓谷支行"), .enterprise), ("company_bank_account", .text("43050178360100001234"), .enterprise),
            ("company_business_scope", .text("药品生产；药品批发；医疗器械销售；货物进出口"), .enterprise),
            ("company_employees", .number(126), .socialInsurance),
            ("company_size", .text("中型"), .enterprise), ("company_ui_paid_months", .number(48), .socialInsurance),
            ("company_layoff_rate", .number(1.8), .socialInsurance), ("company_ui_contribution_last_year", .number(82_400), .socialInsurance),
            ("company_new_youth_hires", .number(4), .socialInsurance), ("company_serious_dishonesty", .flag(false), .credit),
        ])
        try company("91430100MA4L30365D", [
            ("company_province", .text("湖南省"), .enterprise), ("company_employees", .number(3), .socialInsurance),
            ("company_ui_paid_months", .number(7), .socialInsurance), ("company_serious_dishonesty", .flag(true), .credit),
        ])
        for row in rows { try await row.create(on: database) }
    }
}
