/// What a new password must be: long enough to resist guessing, not so long that hashing it is a
/// burden (bcrypt reads 72 bytes), never one of the passwords everybody tries first. No rules on
/// character classes and no forced periodic change (NIST SP 800-63B, ASVS 5.0 V6).
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumLength = 64

    /// Nil when acceptable, else what to change (in Chinese).
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "密码至少 \(minimumLength) 位" }
        if password.count > maximumLength || password.utf8.count > 72 { return "密码不能超过 \(maximumLength) 位（中文按多位计）" }
        if CommonPasswords.all.contains(password.lowercased()) || Set(password).count <= 2 {
            return "这个密码太常见，容易被猜中，请换一个"
        }
        return nil
    }
}
