/// Comparisons that take the same time however early the inputs differ, for secrets (tokens,
/// codes), so that timing tells an attacker nothing.
enum ConstantTime {
    static func equal(_ a: String, _ b: String) -> Bool {
        equal(Array(a.utf8), Array(b.utf8))
    }

    static func equal(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
