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
