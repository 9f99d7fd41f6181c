import YiwangDomain

/// A large corpus for measuring search at scale: passages made by recombining real guide and
/// policy sentences with item names, deterministically (the same corpus every run).
enum SyntheticCorpus {
    static func passages(count: Int, from items: [ServiceItem], knowledge: KnowledgeBase) -> [KnowledgePassage] {
        var generator = SplitMix64(seed: 20261129)
        let sentences = knowledge.passages.flatMap { passage in
            passage.text.split(whereSeparator: { "。\n".contains($0) }).map(String.init).filter { $0.count >= 8 }
        }
        let names = items.map(\.name)
        guard !sentences.isEmpty, !names.isEmpty else { return [] }
        return (0..<count).map { index in
            let name = names[Int(generator.next() % UInt64(names.count))]
            let body = (0..<3).map { _ in sentences[Int(generator.next() % UInt64(sentences.count))] }.joined(separator: "。")
            return KnowledgePassage(id: "S\(index)", section: .policy, serviceCodes: [], title: "\(name) · 说明 \(index)",
                                    text: body + "。", url: "/", source: nil)
        }
    }
}

/// A small, fast, seedable random number generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
