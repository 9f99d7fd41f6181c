/// A run of Han characters as Unicode scalar values, with prefix hashes: the hash of any stretch
/// of it — or of a stretch with one character left out — comes in constant time, without building
/// a string. The lexicon looks words and typo variants up by these hashes and confirms every hit
/// by comparing the scalars, so a hash collision costs a comparison, never a wrong match.
struct ScalarRun {
    let scalars: [UInt32]
    /// `prefix[i]` is the hash of `scalars[0..<i]`.
    private let prefix: [UInt64]

    static let base: UInt64 = 0x100_0000_01B3
    /// Hashes are only taken of stretches at most this long.
    static let maxStretch = 64
    private static let powers: [UInt64] = {
        var powers: [UInt64] = [1]
        for _ in 0..<maxStretch { powers.append(powers[powers.count - 1] &* base) }
        return powers
    }()

    init(_ scalars: [UInt32]) {
        self.scalars = scalars
        var prefix: [UInt64] = [0]
        prefix.reserveCapacity(scalars.count + 1)
        for scalar in scalars { prefix.append(prefix[prefix.count - 1] &* Self.base &+ UInt64(scalar)) }
        self.prefix = prefix
    }

    /// The run of a string whose characters are single scalars (Han text after normalization).
    init(_ characters: [Character]) {
        self.init(characters.map { $0.unicodeScalars.first?.value ?? 0 })
    }

    var count: Int { scalars.count }

    /// Hash of `scalars[range]`.
    func hash(_ range: Range<Int>) -> UInt64 {
        prefix[range.upperBound] &- prefix[range.lowerBound] &* Self.powers[range.count]
    }

    /// Hash of `scalars[range]` without the scalar at `skipped`.
    func hash(_ range: Range<Int>, skipping skipped: Int) -> UInt64 {
        hash(range.lowerBound..<skipped) &* Self.powers[range.upperBound - skipped - 1] &+ hash(skipped + 1..<range.upperBound)
    }

    /// The hash `hash(_:)` gives for a run holding exactly these scalars.
    static func hash(of scalars: [UInt32]) -> UInt64 {
        scalars.reduce(0) { $0 &* base &+ UInt64($1) }
    }

    /// Whether `scalars[range]` with `skipped` left out (if given) equals `other`.
    func stretch(_ range: Range<Int>, skipping skipped: Int? = nil, equals other: [UInt32]) -> Bool {
        guard other.count == range.count - (skipped == nil ? 0 : 1) else { return false }
        var position = 0
        for index in range where index != skipped {
            if scalars[index] != other[position] { return false }
            position += 1
        }
        return true
    }

    /// The characters of a stretch, as a string.
    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        for index in range { if let scalar = Unicode.Scalar(scalars[index]) { view.append(scalar) } }
        return String(view)
    }
}
