/// Hashes and checks passwords (bcrypt in the running platform, off the event loops). A protocol so
/// that the services that need it stay free of the web framework that provides the algorithm.
protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
    /// A hash of a password nobody uses, checked when a login is unknown, so that an unknown login
    /// and a wrong password take the same time.
    var decoyHash: String { get }
}
