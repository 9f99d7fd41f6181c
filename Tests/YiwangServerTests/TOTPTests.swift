import Foundation
import Testing
@testable import YiwangServer

@Suite("TOTP second factor")
struct TOTPTests {
    // MARK: RFC vectors

    struct RFC6238Vector: Sendable, CustomTestStringConvertible {
        let time: TimeInterval
        let algorithm: TOTP.Algorithm
        let expected: String
        var testDescription: String { "\(algorithm.rawValue) at \(Int64(time)) → \(expected)" }
    }

    static let rfc6238Vectors: [RFC6238Vector] = [
        .init(time: 59, algorithm: .sha1, expected: "94287082"),
        .init(time: 59, algorithm: .sha256, expected: "46119246"),
        .init(time: 59, algorithm: .sha512, expected: "90693936"),
        .init(time: 1_111_111_109, algorithm: .sha1, expected: "07081804"),
        .init(time: 1_111_111_109, algorithm: .sha256, expected: "68084774"),
        .init(time: 1_111_111_109, algorithm: .sha512, expected: "25091201"),
        .init(time: 1_111_111_111, algorithm: .sha1, expected: "14050471"),
        .init(time: 1_111_111_111, algorithm: .sha256, expected: "67062674"),
        .init(time: 1_111_111_111, algorithm: .sha512, expected: "99943326"),
        .init(time: 1_234_567_890, algorithm: .sha1, expected: "89005924"),
        .init(time: 1_234_567_890, algorithm: .sha256, expected: "91819424"),
        .init(time: 1_234_567_890, algorithm: .sha512, expected: "93441116"),
        .init(time: 2_000_000_000, algorithm: .sha1, expected: "69279037"),
        .init(time: 2_000_000_000, algorithm: .sha256, expected: "90698825"),
        .init(time: 2_000_000_000, algorithm: .sha512, expected: "38618901"),
        .init(time: 20_000_000_000, algorithm: .sha1, expected: "65353130"),
        .init(time: 20_000_000_000, algorithm: .sha256, expected: "77737706"),
        .init(time: 20_000_000_000, algorithm: .sha512, expected: "47863826"),
    ]

    static func rfcSecret(_ algorithm: TOTP.Algorithm) -> [UInt8] {
        switch algorithm {
        case .sha1: Array("12345678901234567890".utf8)
        case .sha256: Array("12345678901234567890123456789012".utf8)
        case .sha512: Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)
        }
    }

    @Test("RFC 6238 Appendix B vectors", arguments: rfc6238Vectors)
    func rfc6238(_ vector: RFC6238Vector) {
        let totp = TOTP(secret: Self.rfcSecret(vector.algorithm), digits: 8, period: 30, algorithm: vector.algorithm)
        let date = Date(timeIntervalSince1970: vector.time)
        #expect(totp.code(at: date) == vector.expected)
        #expect(totp.verify(vector.expected, at: date, window: 0) == totp.timeStep(at: date))
    }

    @Test("RFC 6238 vectors cover all 18 cases")
    func rfc6238Count() {
        #expect(Self.rfc6238Vectors.count == 18)
        #expect(Set(Self.rfc6238Vectors.map(\.algorithm)) == Set(TOTP.Algorithm.allCases))
    }

    @Test("time step is floor(t / period)")
    func timeSteps() {
        let totp = TOTP(secret: Self.rfcSecret(.sha1))
        #expect(totp.timeStep(at: Date(timeIntervalSince1970: 59)) == 1)
        #expect(totp.timeStep(at: Date(timeIntervalSince1970: 1_111_111_109)) == 0x23523EC)
        #expect(totp.timeStep(at: Date(timeIntervalSince1970: 1_111_111_111)) == 0x23523ED)
        #expect(totp.timeStep(at: Date(timeIntervalSince1970: 20_000_000_000)) == 0x27BC86AA)
        #expect(totp.timeStep(at: Date(timeIntervalSince1970: 29.999)) == 0)
        #expect(totp.timeStep(at: Date(timeIntervalSince1970: 30)) == 1)
    }

    @Test("RFC 4226 Appendix D HOTP values, counters 0–9")
    func rfc4226() {
        let expected = ["755224", "287082", "359152", "969429", "338314",
                        "254676", "287922", "162583", "399871", "520489"]
        let hotp = TOTP(secret: Self.rfcSecret(.sha1))
        for (counter, code) in expected.enumerated() {
            #expect(hotp.code(counter: UInt64(counter)) == code, "counter \(counter)")
        }
    }

    @Test("codes are zero-padded to the digit count")
    func zeroPadding() {
        // RFC 6238 at 1111111109 with SHA-1 truncates to 07081804: with 8 digits the leading zero stays.
        let totp = TOTP(secret: Self.rfcSecret(.sha1), digits: 8)
        let code = totp.code(at: Date(timeIntervalSince1970: 1_111_111_109))
        #expect(code == "07081804")
        #expect(code.count == 8)
        for counter in 0..<200 as Range<UInt64> {
            let short = TOTP(secret: Self.rfcSecret(.sha1), digits: 6).code(counter: counter)
            #expect(short.count == 6 && short.allSatisfy { $0.isASCII } && short.allSatisfy { $0.isNumber })
        }
    }

    // MARK: Base32

    @Test("RFC 4648 §10 base32 vectors")
    func base32Vectors() {
        let vectors: [(String, String)] = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        // The RFC's padded forms decode too.
        let padded: [(String, String)] = [
            ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="), ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
        ]
        for (plain, encoded) in padded {
            #expect(Base32.decode(encoded) == Array(plain.utf8), "\(encoded)")
        }
        #expect(Base32.encode(Array("12345678901234567890".utf8)) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    @Test("base32 round-trips every length and byte value")
    func base32RoundTrip() {
        var rng = SystemRandomNumberGenerator()
        for length in 0...41 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
            let encoded = Base32.encode(bytes)
            #expect(!encoded.contains("="))
            #expect(encoded == encoded.uppercased())
            #expect(Base32.decode(encoded) == bytes, "length \(length)")
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base32.decode(Base32.encode(all)) == all)
    }

    @Test("base32 decode is forgiving of case, spaces and hyphens")
    func base32Forgiving() {
        let expected = Array("12345678901234567890".utf8)
        #expect(Base32.decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq") == expected)
        #expect(Base32.decode("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ") == expected)
        #expect(Base32.decode("gezd-gnbv-gy3t-qojq gezd-gnbv-gy3t-qojq") == expected)
        #expect(Base32.decode("mzXw6yTbOi") == Array("foobar".utf8))
        #expect(Base32.decode(" my== ") == Array("f".utf8))
    }

    @Test("base32 decode refuses bad input", arguments: [
        "MZXW6YTB0I", // zero is not in the alphabet
        "MZXW1", // nor is one
        "MZXW8", // nor eight
        "MZ!Q",
        "MY=A", // data after padding
        "MZXQ=MZXQ", // padding in the middle, though the symbols alone would decode
        "M", // 1, 3 or 6 symbols in the last group cannot come from any encoding
        "MZX",
        "MZXW6Y",
        "湖南",
    ])
    func base32Bad(_ input: String) {
        #expect(Base32.decode(input) == nil)
    }

    // MARK: Verify

    /// 1_000_000_005 s lies in step 33_333_333.
    static let now = Date(timeIntervalSince1970: 1_000_000_005)
    static let totp = TOTP(secret: Array("12345678901234567890".utf8))
    static var step: Int64 { totp.timeStep(at: now) }

    @Test("verify accepts the current, previous and next step within window 1")
    func verifyWindow() {
        let totp = Self.totp, step = Self.step
        #expect(step == 33_333_333)
        #expect(totp.verify(totp.code(counter: UInt64(step)), at: Self.now) == step)
        #expect(totp.verify(totp.code(counter: UInt64(step - 1)), at: Self.now) == step - 1)
        #expect(totp.verify(totp.code(counter: UInt64(step + 1)), at: Self.now) == step + 1)
        #expect(totp.verify(totp.code(at: Self.now.addingTimeInterval(-30)), at: Self.now) == step - 1)
    }

    @Test("verify rejects codes two steps away, and the previous step with window 0")
    func verifyOutsideWindow() {
        let totp = Self.totp, step = Self.step
        let twoBefore = totp.code(counter: UInt64(step - 2))
        let twoAfter = totp.code(counter: UInt64(step + 2))
        // Guard against the (1 in 10^6) chance that a far code equals one inside the window.
        let inside = Set((-1...1).map { totp.code(counter: UInt64(step + Int64($0))) })
        #expect(!inside.contains(twoBefore) && !inside.contains(twoAfter))
        #expect(totp.verify(twoBefore, at: Self.now) == nil)
        #expect(totp.verify(twoAfter, at: Self.now) == nil)
        #expect(totp.verify(twoBefore, at: Self.now, window: 2) == step - 2)
        #expect(totp.verify(totp.code(counter: UInt64(step - 1)), at: Self.now, window: 0) == nil)
        #expect(totp.verify(totp.code(counter: UInt64(step - 1)), at: Self.now, window: -5) == nil)
    }

    @Test("verify refuses a replayed step")
    func verifyReplay() {
        let totp = Self.totp, step = Self.step
        let code = totp.code(at: Self.now)
        guard let used = totp.verify(code, at: Self.now) else {
            Issue.record("first use refused")
            return
        }
        #expect(used == step)
        // Second use of the same code, the caller passing the stored step.
        #expect(totp.verify(code, at: Self.now, after: used) == nil)
        #expect(totp.verify(code, at: Self.now.addingTimeInterval(20), after: used) == nil)
        // An older code still inside the window is refused too once a later step was used.
        #expect(totp.verify(totp.code(counter: UInt64(step - 1)), at: Self.now, after: used) == nil)
        // The next step's code is still fine.
        #expect(totp.verify(totp.code(counter: UInt64(step + 1)), at: Self.now, after: used) == step + 1)
        // A stored step older than the window does not get in the way.
        #expect(totp.verify(code, at: Self.now, after: step - 5) == step)
    }

    @Test("verify ignores spaces and accepts full-width digits")
    func verifyLenientInput() {
        let totp = Self.totp, step = Self.step
        let code = totp.code(at: Self.now)
        let spaced = String(code.prefix(3)) + " " + String(code.suffix(3))
        #expect(totp.verify(spaced, at: Self.now) == step)
        #expect(totp.verify("  \(code)\n", at: Self.now) == step)
        let fullWidth = String(String.UnicodeScalarView(code.unicodeScalars.map {
            Unicode.Scalar($0.value - 0x30 + 0xFF10)!
        }))
        #expect(totp.verify(fullWidth, at: Self.now) == step)
    }

    @Test("verify rejects wrong length and non-digits")
    func verifyMalformed() {
        let totp = Self.totp
        let code = totp.code(at: Self.now)
        #expect(totp.verify(String(code.dropLast()), at: Self.now) == nil)
        #expect(totp.verify(code + "0", at: Self.now) == nil)
        #expect(totp.verify("0" + code, at: Self.now) == nil)
        #expect(totp.verify("", at: Self.now) == nil)
        #expect(totp.verify("      ", at: Self.now) == nil)
        #expect(totp.verify(String(code.dropLast()) + "a", at: Self.now) == nil)
        #expect(totp.verify(String(code.dropLast()) + "-", at: Self.now) == nil)
        #expect(totp.verify("-" + String(code.dropFirst()), at: Self.now) == nil)
        #expect(totp.verify("١٢٣٤٥٦", at: Self.now) == nil) // other scripts' digits are not ASCII digits
    }

    @Test("verify with 8 digits and SHA-512")
    func verifyOtherParameters() {
        let totp = TOTP(secret: Self.rfcSecret(.sha512), digits: 8, period: 60, algorithm: .sha512)
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let code = totp.code(at: date)
        #expect(code.count == 8)
        let expectedStep: Int64 = 1_700_000_000 / 60
        #expect(totp.verify(code, at: date) == expectedStep)
        #expect(totp.verify(String(code.prefix(6)), at: date) == nil)
    }

    // MARK: Secrets and URI

    @Test("generated secrets are 20 random bytes with the default parameters")
    func generatedSecret() {
        let a = TOTP.generateSecret(), b = TOTP.generateSecret()
        #expect(a.secret.count == 20)
        #expect(a != b)
        #expect(a.digits == 6 && a.period == 30 && a.algorithm == .sha1)
        #expect(Base32.decode(a.base32Secret) == a.secret)
        #expect(a.base32Secret.count == 32)
    }

    @Test("description never shows the secret")
    func redactedDescription() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        for text in [String(describing: totp), String(reflecting: totp), "\(totp)"] {
            #expect(!text.contains(totp.base32Secret))
            #expect(!text.contains("49, 50"))
            #expect(text.contains("redacted"))
        }
    }

    @Test("provisioning URI percent-encodes a Chinese issuer and carries the base32 secret")
    func provisioningURI() throws {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let uri = totp.provisioningURI(issuer: "湖南政务服务", account: "mzt-intake")
        let issuer = "%E6%B9%96%E5%8D%97%E6%94%BF%E5%8A%A1%E6%9C%8D%E5%8A%A1"
        #expect(uri == "otpauth://totp/\(issuer):mzt-intake?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=\(issuer)&algorithm=SHA1&digits=6&period=30")
        #expect(uri.allSatisfy { $0.isASCII })

        // A URL parser reads back exactly what went in.
        let components = try #require(URLComponents(string: uri))
        #expect(components.scheme == "otpauth")
        #expect(components.host == "totp")
        #expect(components.path == "/湖南政务服务:mzt-intake")
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(items["secret"] == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(items["issuer"] == "湖南政务服务")
        #expect(items["algorithm"] == "SHA1")
        #expect(items["digits"] == "6")
        #expect(items["period"] == "30")
        #expect(Base32.decode(items["secret"] ?? "") == totp.secret)
    }

    @Test("provisioning URI escapes reserved characters and names non-default parameters")
    func provisioningURIEscaping() throws {
        let totp = TOTP(secret: Array("12345678901234567890123456789012".utf8), digits: 8, period: 60, algorithm: .sha256)
        let uri = totp.provisioningURI(issuer: "A&B Co", account: "张三@mzt.gov.cn")
        #expect(uri.hasPrefix("otpauth://totp/A%26B%20Co:%E5%BC%A0%E4%B8%89%40mzt.gov.cn?"))
        #expect(uri.contains("&issuer=A%26B%20Co&"))
        #expect(uri.hasSuffix("&algorithm=SHA256&digits=8&period=60"))
        let components = try #require(URLComponents(string: uri))
        let names = (components.queryItems ?? []).map(\.name)
        #expect(names == ["secret", "issuer", "algorithm", "digits", "period"])

        let noIssuer = totp.provisioningURI(issuer: "", account: "a:b")
        #expect(noIssuer.hasPrefix("otpauth://totp/a%3Ab?secret="))
        #expect(!noIssuer.contains("issuer="))
    }

    // MARK: Recovery codes

    @Test("recovery codes: 10 distinct codes formatted XXXX-XXXX-XXXX from the unambiguous alphabet")
    func recoveryCodesFormat() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        let alphabet = Set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        #expect(Set(RecoveryCodes.alphabet) == alphabet)
        #expect(RecoveryCodes.alphabet.count == 31)
        for ambiguous in "0O1IL" { #expect(!alphabet.contains(ambiguous)) }
        for code in codes {
            let groups = code.split(separator: "-", omittingEmptySubsequences: false)
            #expect(code.count == 14, "\(code)")
            #expect(groups.count == 3 && groups.allSatisfy { $0.count == 4 }, "\(code)")
            #expect(groups.joined().allSatisfy { alphabet.contains($0) }, "\(code)")
            #expect(RecoveryCodes.normalize(code) == code.replacingOccurrences(of: "-", with: ""))
        }
        #expect(RecoveryCodes.generate(count: 3).count == 3)
        #expect(RecoveryCodes.generate(count: 0).isEmpty)
        // Over many codes every symbol shows up: the generator draws from the whole alphabet.
        let many = RecoveryCodes.generate(count: 200)
        #expect(Set(many).count == 200)
        #expect(Set(many.joined().filter { $0 != "-" }) == alphabet)
    }

    @Test("recovery code normalize and hash")
    func recoveryCodesNormalizeAndHash() {
        #expect(RecoveryCodes.normalize("4k7p 9xqm-2htd") == "4K7P9XQM2HTD")
        #expect(RecoveryCodes.normalize(" 4K7P-9XQM-2HTD\n") == "4K7P9XQM2HTD")
        #expect(RecoveryCodes.normalize("４ｋ７ｐ－９ｘｑｍ　２ｈｔｄ") == "4K7P9XQM2HTD") // full-width IME input
        let expected = "d02294c0bc586bcb039b4897823ae01d90bfff691dd0f7155d0b73b4b71fdaf2" // sha256("4K7P9XQM2HTD")
        #expect(RecoveryCodes.hash("4K7P-9XQM-2HTD") == expected)
        #expect(RecoveryCodes.hash("4k7p 9xqm-2htd") == expected)
        #expect(RecoveryCodes.hash("4k7p9xqm2htd") == expected)
        #expect(RecoveryCodes.hash("4K7P-9XQM-2HTE") != expected)
        let codes = RecoveryCodes.generate()
        #expect(Set(codes.map(RecoveryCodes.hash)).count == codes.count)
        for code in codes {
            let hash = RecoveryCodes.hash(code)
            #expect(hash.count == 64 && hash == hash.lowercased())
            #expect(hash == RecoveryCodes.hash(code.lowercased().replacingOccurrences(of: "-", with: " ")))
        }
    }
}
