import Vapor

extension ByteCount {
    /// The largest upload body: the largest material limit (50 MB) and the multipart framing.
    static let upload: ByteCount = "52mb"
}
