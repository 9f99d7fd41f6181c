import Foundation
import Testing
@testable import YiwangDomain

/// Seeded random strings — ASCII, digits, CJK, full-width forms, emoji, combining marks, controls,
/// very long runs — fed to every validator of untrusted input. Nothing may crash, and what is
/// accepted must be what the validator promises.
enum RandomText {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pools: [[Unicode.Scalar]] = [
        Array("0123456789Xx".unicodeScalars), Array("0123456789ABCDEFGHJKLMNPQRTUWXY".unicodeScalars),
        Array("药品生产许可证公积金提取高龄津贴湖南长沙岳麓区年岁周八十五".unicodeScalars),
        Array("０１２３４５６７８９ＡＢＸ　，。！？（）".unicodeScalars), Array(" -_/.:;'\"<>&%#@!\\\t\n\r".unicodeScalars),
        ["\u{0}", "\u{7}", "\u{200B}", "\u{FEFF}", "\u{301}", "\u{D7FF}", "\u{1F600}", "\u{10FFFF}", "\u{E000}"].map { Unicode.Scalar($0)! },
    ]

    static func strings(seed: UInt64, count: Int) -> [String] {
        var generator = Generator(state: seed)
        return (0..<count).map { _ in
            let length = Int(generator.next() % 5 == 0 ? generator.next() % 400 : generator.next() % 24)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length {
                let pool = pools[Int(generator.next() % UInt64(pools.count))]
                scalars.append(pool[Int(generator.next() % UInt64(pool.count))])
            }
            return String(scalars)
        }
    }
}

@Suite("Random input to every validator: no crash, only valid values accepted")
struct RandomInputTests {
    static let today = CivilDate(year: 2026, month: 11, day: 30)!
    static let inputs = RandomText.strings(seed: 20_261_130, count: 4000)
        + ["", "43010219850612003X", "91430100MA4L202689", "13800000001", "2026-02-30", "９１４３０１００ＭＡ４Ｌ２０２６８９"]

    @Test("identity numbers, credit codes, mobile numbers and dates")
    func identifiers() {
        for text in Self.inputs {
            if let id = try? ResidentIdentityNumber(text, today: Self.today) {
                #expect(id.value.count == 18 && id.birthDate <= Self.today, "\(text.debugDescription)")
            }
            if let code = try? UnifiedSocialCreditCode(text) { #expect(code.value.count == 18, "\(text.debugDescription)") }
            if let mobile = try? MobileNumber(text) { #expect(mobile.value.count == 11 && mobile.value.hasPrefix("1"), "\(text.debugDescription)") }
            if let date = CivilDate(text) { #expect((1...12).contains(date.month) && (1...31).contains(date.day)) }
            _ = Masking.idNumber(text)
            _ = Masking.phone(text)
            _ = Masking.name(text)
        }
    }

    @Test("the form checker takes any values for every field type and rule without crashing")
    func forms() {
        let types = FieldType.allCases
        let fields = types.enumerated().map { index, type in
            FormField(name: "f\(index)", label: "字段\(index)", type: type, required: index % 2 == 0,
                      options: type == .select ? ["是", "否"] : nil,
                      rules: ["max_length:20", "age_at_least:18", "hunan_area", "min:1", "max:100"].shuffled().prefix(index % 3).map { $0 })
        }
        let validator = FormValidator(schema: FormSchema(fields: fields), today: Self.today)
        var generator = RandomText.Generator(state: 7)
        for start in stride(from: 0, to: Self.inputs.count - types.count, by: types.count) {
            var values: [String: String] = [:]
            for (offset, field) in fields.enumerated() where generator.next() % 4 != 0 { values[field.name] = Self.inputs[start + offset] }
            let outcome = validator.check(values)
            for (name, value) in outcome.normalized { #expect(value.count <= 10_000, "\(name)") }
        }
    }

    @Test("green-channel rules, message templates and certificate validity dates")
    func others() {
        for (index, text) in Self.inputs.prefix(1500).enumerated() {
            for kind in GreenChannelRule.Kind.allCases {
                if case .success(let rule) = GreenChannelRule.parse(kind: kind.rawValue, value: text) {
                    _ = rule.covers(idNumber: text, enterpriseCode: text, on: Self.today)
                }
            }
            _ = try? MessageTemplate.caseProgress.render(["service": text, "receipt": text, "step": text, "detail": text])
            _ = QRCode.EncodingError.tooLong(bytes: text.utf8.count, maximum: 213).description
            if index % 10 == 0, text.utf8.count <= 213 { #expect((try? QRCode(encoding: text)) != nil, "\(text.debugDescription)") }
        }
        for years in [nil, 1, 5, 50] {
            for day in stride(from: 0, to: 3000, by: 37) {
                let issued = CivilDate(year: 2024, month: 1, day: 1)!.adding(days: day)
                if let until = CertificateDocument.validUntil(issuedOn: issued, years: years) { #expect(until > issued) }
            }
        }
    }
}

/// Names as people carry them: thousands of random names from the common surnames (复姓 too) and
/// the characters of given names — numerals among them — all accepted; the same with a digit, a
/// symbol or a stray dot put in, all refused.
@Suite("Random names")
struct RandomNameTests {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
        + ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "单于"]
    static let given = Array("一二三四五六七八九十百千万伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰文华红玉建国志斌鹏宇浩然子涵梓萱欣怡俊杰晓东海燕春梅秋菊冬雪德福寿康安宁淑贞彦璐婷亿兆").map(String.init)

    @Test("2,000 random real names are accepted; with a digit, a symbol or a stray dot they are not")
    func names() {
        var generator = RandomText.Generator(state: 20_261_207)
        for _ in 0..<2000 {
            let surname = Self.surnames[Int(generator.next() % UInt64(Self.surnames.count))]
            let length = 1 + Int(generator.next() % 3)
            let givenName = (0..<length).map { _ in Self.given[Int(generator.next() % UInt64(Self.given.count))] }.joined()
            let name = surname + givenName
            #expect((try? PersonName(name))?.value == name, "\(name)")
            let spoiler = ["3", "@", "#", "_", "·", "!", "7"][Int(generator.next() % 7)]
            let spoilt = spoiler == "·" ? name + spoiler : surname + spoiler + givenName
            #expect((try? PersonName(spoilt)) == nil, "\(spoilt)")
        }
    }
}
