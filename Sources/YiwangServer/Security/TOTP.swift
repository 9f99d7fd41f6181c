import Crypto
import Foundation

// Staff second factor: time-based one-time passwords (RFC 6238, on HOTP per RFC 4226) and
// single-use recovery codes. Pure logic — no database, no HTTP: the caller stores the secret, the
// last accepted time step and the recovery-code hashes.
//
// Note: Vapor also declares public `TOTP` and `Base32`. These shadow Vapor's, in this module and
// in files that import both Vapor and YiwangServer (YiwangServer imports Vapor, so its declarations
// win); `Vapor.TOTP` still names Vapor's.

// MARK: - Base32

/// RFC 4648 §6 base32 (alphabet `A–Z2–7`).
enum Base32 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Uppercase, without `=` padding (as authenticator apps expect in a key URI).
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1f)])
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Forgiving decode: case-insensitive, ignores whitespace and hyphens (as people copy a secret
    /// in groups), accepts optional trailing `=` padding. Returns nil on any other character, on
    /// `=` before the end, or on a length no encoding produces (1, 3 or 6 symbols in the last group).
    static func decode(_ string: String) -> [UInt8]? {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(string.utf8.count)
        var paddingSeen = false
        for scalar in string.unicodeScalars {
            if scalar == "-" || scalar.properties.isWhitespace { continue }
            if scalar == "=" {
                paddingSeen = true
                continue
            }
            guard !paddingSeen, let value = value(of: scalar) else { return nil }
            symbols.append(value)
        }
        switch symbols.count % 8 {
        case 1, 3, 6: return nil
        default: break
        }
        var output: [UInt8] = []
        output.reserveCapacity(symbols.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for value in symbols {
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        return output
    }

    private static func value(of scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x41...0x5A: return UInt8(scalar.value - 0x41)       // A–Z
        case 0x61...0x7A: return UInt8(scalar.value - 0x61)       // a–z
        case 0x32...0x37: return UInt8(scalar.value - 0x32 + 26)  // 2–7
        default: return nil
        }
    }
}

// MARK: - TOTP

/// A TOTP credential (RFC 6238). `digits` must be 1…10 and `period` at least 1 second.
struct TOTP: Sendable, Equatable {
    enum Algorithm: String, Sendable, Codable, CaseIterable {
        case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512"
    }

    var secret: [UInt8]
    var digits: Int
    var period: Int
    var algorithm: Algorithm

    /// Out-of-range parameters (say, from a damaged row) are brought into range rather than trusted or
    /// allowed to stop the server: 1…10 digits, a period of at least one second.
    init(secret: [UInt8], digits: Int = 6, period: Int = 30, algorithm: Algorithm = .sha1) {
        self.secret = secret
        self.digits = min(10, max(1, digits))
        self.period = max(1, period)
        self.algorithm = algorithm
    }

    /// A new credential with a 160-bit random secret (RFC 4226 §4 recommends 160 bits), SHA-1,
    /// 6 digits, 30 seconds: what every authenticator app supports.
    static func generateSecret() -> TOTP {
        var rng = SystemRandomNumberGenerator()
        return TOTP(secret: (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &rng) })
    }

    /// The secret as base32, no padding (to store or to show for manual entry).
    var base32Secret: String { Base32.encode(secret) }

    /// The time step containing `date`: ⌊seconds since 1970 / period⌋ (never negative).
    func timeStep(at date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, seconds > 0 else { return 0 }
        let step = (seconds / Double(period)).rounded(.down)
        return Int64(exactly: step) ?? Int64.max
    }

    func code(at date: Date) -> String {
        code(counter: UInt64(timeStep(at: date)))
    }

    /// HOTP (RFC 4226 §5.3): HMAC of the big-endian counter, dynamic truncation to 31 bits,
    /// modulo 10^digits, zero-padded.
    func code(counter: UInt64) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8]
        switch algorithm {
        case .sha1: mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: mac = Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = UInt64(mac[offset] & 0x7f) << 24
            | UInt64(mac[offset + 1]) << 16
            | UInt64(mac[offset + 2]) << 8
            | UInt64(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(binary % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The largest number of steps either side of now that `verify` will look at.
    static let maximumWindow = 10

    /// Checks `input` against the codes of the time steps within ±`window` of `date` (window is
    /// clamped to 0…``maximumWindow``). Whitespace in the input is ignored and full-width digits
    /// (a Chinese IME in full-width mode) count as digits; anything else that is not exactly
    /// `digits` digits is refused. Steps ≤ `lastUsedStep` are never accepted: the caller stores the
    /// returned step and passes it next time, so a code cannot be used twice.
    ///
    /// Every candidate step is computed and compared in constant time, whichever matches.
    /// Returns the matched step (the latest, should two steps share a code), or nil.
    func verify(_ input: String, at date: Date, window: Int = 1, after lastUsedStep: Int64? = nil) -> Int64? {
        var candidate: [UInt8] = []
        for scalar in input.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            switch scalar.value {
            case 0x30...0x39: candidate.append(UInt8(scalar.value))
            case 0xFF10...0xFF19: candidate.append(UInt8(scalar.value - 0xFF10 + 0x30))
            default: return nil
            }
            if candidate.count > digits { return nil }
        }
        guard candidate.count == digits else { return nil }

        let window = Int64(min(max(window, 0), Self.maximumWindow))
        let now = timeStep(at: date)
        var matched: Int64?
        for offset in -window...window {
            let (step, overflow) = now.addingReportingOverflow(offset)
            guard !overflow, step >= 0 else { continue }
            if let lastUsedStep, step <= lastUsedStep { continue }
            if ConstantTime.equal(Array(code(counter: UInt64(step)).utf8), candidate) {
                matched = step
            }
        }
        return matched
    }

    /// The key URI authenticator apps read from a QR code:
    /// `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=…&digits=…&period=…`.
    /// Issuer and account are percent-encoded as UTF-8 (everything but RFC 3986 unreserved
    /// characters), so Chinese names and `:`/`&`/`?` in them survive. An empty issuer is left out.
    func provisioningURI(issuer: String, account: String) -> String {
        let label = issuer.isEmpty
            ? Self.percentEncoded(account)
            : Self.percentEncoded(issuer) + ":" + Self.percentEncoded(account)
        var query = ["secret=" + base32Secret]
        if !issuer.isEmpty { query.append("issuer=" + Self.percentEncoded(issuer)) }
        query.append("algorithm=" + algorithm.rawValue)
        query.append("digits=\(digits)")
        query.append("period=\(period)")
        return "otpauth://totp/" + label + "?" + query.joined(separator: "&")
    }

    private static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension TOTP: CustomStringConvertible, CustomDebugStringConvertible {
    /// Never shows the secret, so a credential that reaches a log line does not leak.
    var description: String {
        "TOTP(algorithm: \(algorithm.rawValue), digits: \(digits), period: \(period), secret: <redacted>)"
    }

    var debugDescription: String { description }
}

// MARK: - Recovery codes

/// Single-use recovery codes such as `4K7P-9XQM-2HTD`: 12 symbols from 31 unambiguous characters
/// (no 0/O/1/I/L), about 59 bits each. Store only ``hash(_:)`` of each; compare the hash of what
/// the person types, and delete the row once used.
enum RecoveryCodes {
    static let alphabet: [Character] = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// `count` distinct codes (none if `count` ≤ 0).
    static func generate(count: Int = 10) -> [String] {
        var rng = SystemRandomNumberGenerator()
        var codes: [String] = []
        var seen: Set<String> = []
        while codes.count < count {
            let groups = (0..<3).map { _ in
                String((0..<4).map { _ in alphabet.randomElement(using: &rng)! })
            }
            let code = groups.joined(separator: "-")
            if seen.insert(code).inserted { codes.append(code) }
        }
        return codes
    }

    /// Uppercased, without whitespace or hyphens; full-width forms (Ａ, ４, －) folded to ASCII.
    static func normalize(_ input: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in input.unicodeScalars {
            var scalar = scalar
            if (0xFF01...0xFF5E).contains(scalar.value), let folded = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalar = folded
            }
            if scalar == "-" || scalar.properties.isWhitespace { continue }
            scalars.append(scalar)
        }
        return String(scalars).uppercased()
    }

    /// Lowercase hex SHA-256 of ``normalize(_:)`` of `code`.
    static func hash(_ code: String) -> String {
        let digest = SHA256.hash(data: Array(normalize(code).utf8))
        let hex = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in digest {
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
