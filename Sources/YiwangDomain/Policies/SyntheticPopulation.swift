/// A small, fast, seedable random number generator (SplitMix64): the same synthetic data every run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// People and companies with registry-like facts, deterministically, for measuring policy evaluation
/// at scale: shares drawn to look like a Hunan population (ages 0–105, most with Hunan 户籍, a few in
/// every benefit's group), every fact with a source and a date as a registry gives them.
public enum SyntheticPopulation {
    static let asOf = CivilDate(year: 2026, month: 12, day: 1)!
    static let population = "湖南省人口信息库（公安厅）"
    static let civilAffairs = "湖南省社会救助信息系统（民政厅）"
    static let disability = "全国残疾人人口基础数据库（残联）"
    static let insurance = "湖南省社会保险信息系统（人社厅）"
    static let enterprises = "国家企业信用信息公示系统（市场监管局）"

    public static func person(_ generator: inout SplitMix64) -> [String: SourcedFact] {
        func roll(_ percent: UInt64) -> Bool { generator.next() % 1000 < percent * 10 }
        var facts: [String: SourcedFact] = [:]
        facts["age"] = SourcedFact(.number(Double(generator.next() % 106)), source: population, asOf: asOf)
        let hunan = roll(95)
        facts["hukou_province"] = SourcedFact(.text(hunan ? "湖南省" : "广东省"), source: population, asOf: asOf)
        if hunan {
            let prefecture = HunanDivisions.prefectures[Int(generator.next() % UInt64(HunanDivisions.prefectures.count))]
            let counties = HunanDivisions.counties[prefecture.code] ?? []
            facts["hukou_city"] = SourcedFact(.text(prefecture.name), source: population, asOf: asOf)
            if !counties.isEmpty {
                facts["hukou_county"] = SourcedFact(.text(counties[Int(generator.next() % UInt64(counties.count))].name),
                                                    source: population, asOf: asOf)
            }
        }
        let disabled = roll(6)
        facts["disability_certificate"] = SourcedFact(.flag(disabled), source: disability, asOf: asOf)
        if disabled {
            facts["disability_grade"] = SourcedFact(.number(Double(generator.next() % 4 + 1)), source: disability, asOf: asOf)
            facts["disability_kind"] = SourcedFact(.text(["视力", "听力", "言语", "肢体", "智力", "精神", "多重"][Int(generator.next() % 7)]),
                                                   source: disability, asOf: asOf)
        }
        facts["dibao"] = SourcedFact(.flag(roll(3)), source: civilAffairs, asOf: asOf)
        facts["tekun"] = SourcedFact(.flag(roll(1)), source: civilAffairs, asOf: asOf)
        facts["pension_receiving"] = SourcedFact(.flag(roll(20)), source: insurance, asOf: asOf)
        facts["ui_paid_months"] = SourcedFact(.number(Double(generator.next() % 240)), source: insurance, asOf: asOf)
        facts["unemployment_registered"] = SourcedFact(.flag(roll(3)), source: insurance, asOf: asOf)
        facts["involuntary_unemployment"] = SourcedFact(.flag(roll(2)), source: insurance, asOf: asOf)
        return facts
    }

    public static func company(_ generator: inout SplitMix64) -> [String: SourcedFact] {
        func roll(_ percent: UInt64) -> Bool { generator.next() % 1000 < percent * 10 }
        let employees = Double(generator.next() % 500 + 1)
        return [
            "company_province": SourcedFact(.text(roll(97) ? "湖南省" : "江西省"), source: enterprises, asOf: asOf),
            "company_employees": SourcedFact(.number(employees), source: insurance, asOf: asOf),
            "company_size": SourcedFact(.text(employees > 300 ? "大型" : employees > 100 ? "中型" : employees > 10 ? "小型" : "微型"),
                                        source: enterprises, asOf: asOf),
            "company_ui_paid_months": SourcedFact(.number(Double(generator.next() % 120)), source: insurance, asOf: asOf),
            "company_layoff_rate": SourcedFact(.number(Double(generator.next() % 300) / 10), source: insurance, asOf: asOf),
            "company_serious_dishonesty": SourcedFact(.flag(roll(1)), source: enterprises, asOf: asOf),
            "company_ui_contribution_last_year": SourcedFact(.number(employees * 600), source: insurance, asOf: asOf),
            "company_new_youth_hires": SourcedFact(.number(Double(generator.next() % 4)), source: insurance, asOf: asOf),
        ]
    }
}
