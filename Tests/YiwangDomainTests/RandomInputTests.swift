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
