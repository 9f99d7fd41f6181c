import Testing
@testable import YiwangDomain

@Suite("Passwords: 8–64 characters, none of the commonly guessed")
struct PasswordPolicyTests {
    @Test("the common ones are refused whatever their case; an ordinary passphrase is fine")
    func common() {
        #expect(CommonPasswords.all.count >= 600)
        for guessed in ["password", "Password1", "SUNSHINE", "trustno1", "Woaini1314", "1qaz2wsx", "Hunan@2026", "aaaaaaaaa"] {
            #expect(PasswordPolicy.problem(with: guessed) == "这个密码太常见，容易被猜中，请换一个", "\(guessed)")
        }
        #expect(PasswordPolicy.problem(with: "correct horse") == nil)
        #expect(PasswordPolicy.problem(with: "湘江北去橘子洲头") == nil)
        #expect(PasswordPolicy.problem(with: "short1") == "密码至少 8 位")
        #expect(PasswordPolicy.problem(with: String(repeating: "ab", count: 33)) == "密码不能超过 64 位（中文按多位计）")
    }
}
