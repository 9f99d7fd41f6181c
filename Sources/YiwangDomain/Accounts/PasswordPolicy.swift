/// What a new password must be: long enough to resist guessing, not so long that hashing it is a
/// burden (bcrypt reads 72 bytes), never one of the passwords everybody tries first. No rules on
/// character classes and no forced periodic change (NIST SP 800-63B, ASVS 5.0 V6).
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumLength = 64

    /// Passwords guessed first: the most common ones worldwide and in China, and the platform's own name.
    static let common: Set<String> = [
        "12345678", "123456789", "1234567890", "password", "password1", "password123", "qwertyui", "qwerty123",
        "11111111", "00000000", "88888888", "66666666", "12341234", "abcd1234", "a1234567", "a12345678",
        "iloveyou", "woaini1314", "5201314520", "1qaz2wsx", "qwe123456", "admin123", "admin1234", "welcome1",
        "aa123456", "zxcvbnm1", "147258369", "987654321", "123123123", "yiwang123", "yiwang2026",
    ]

    /// Nil when acceptable, else what to change (in Chinese).
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "密码至少 \(minimumLength) 位" }
        if password.count > maximumLength || password.utf8.count > 72 { return "密码不能超过 \(maximumLength) 位（中文按多位计）" }
        if common.contains(password.lowercased()) || Set(password).count <= 2 {
            return "这个密码太常见，容易被猜中，请换一个"
        }
        return nil
    }
}
