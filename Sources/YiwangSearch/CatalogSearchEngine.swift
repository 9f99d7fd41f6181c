import YiwangDomain

/// A service that matches a query, with the evidence for it.
public struct ServiceMatch: Sendable, Equatable {
    public let code: String
    public let name: String
    public let score: Double
    /// True when the query names the item (or one of its aliases) outright.
    public let namedExactly: Bool
}

/// A passage that matches a query.
public struct PassageMatch: Sendable, Equatable {
    public let passage: KnowledgePassage
    public let score: Double
}

/// Search over the catalog and the knowledge base: services ranked by their own fields and by the
/// passages written about them; passages for grounding answers; suggestions as one types.
public struct CatalogSearchEngine: Sendable {
    public let queryAnalyzer: QueryAnalyzer
    public let index: SearchIndex
    private let items: [String: ServiceItem]
    private let passages: [KnowledgePassage]
    private let departments: [String: Department]
    private let passagesByService: [String: [KnowledgePassage]]
    private let passagesByID: [String: KnowledgePassage]
    /// Normalized names and aliases → item code, for exact and prefix matches.
    private let names: [(name: String, code: String, isAlias: Bool)]
    /// Every three-character stretch of an item's name ("驾驶证" of 机动车驾驶证换证). Names only:
    /// aliases count as whole words, or a stretch like "照过期" would tie 护照 to 驾照.
    private let nameTrigrams: Set<String>
    private let codesByName: [String: [String]]
    /// How much the best passage about a service adds to the service's own score.
    static let passageShare = 0.35

    /// - Parameter catalog: every item with the department that implements it.
    public init(catalog: [(item: ServiceItem, department: Department)], knowledge: KnowledgeBase,
                synonyms: SynonymTable) {
        let items = catalog.map(\.item)
        var lexicon = Lexicon([])
        for item in items {
            lexicon.insert(item.name)
            item.aliases.forEach { lexicon.insert($0) }
            item.materials.forEach { lexicon.insert($0.name) }
        }
        for (_, department) in catalog {
            lexicon.insert(department.name)
            lexicon.insert(department.shortName)
        }
        for policy in knowledge.policies { policy.keywords.forEach { lexicon.insert($0) } }
        synonyms.allTerms.forEach { lexicon.insert($0) }
        let analyzer = Analyzer(lexicon: lexicon)
        queryAnalyzer = QueryAnalyzer(analyzer: analyzer, synonyms: synonyms)

        var keywordsByService: [String: [String]] = [:]
        for policy in knowledge.policies {
            for code in policy.services { keywordsByService[code, default: []] += policy.keywords }
        }
        var documents: [SearchDocument] = catalog.map { item, department in
            SearchDocument(
                id: item.code, kind: .service, serviceCode: item.code, title: item.name,
                fields: [
                    (.name, item.name),
                    (.aliases, item.aliases.joined(separator: "；")),
                    (.keywords, ([department.shortName] + (keywordsByService[item.code] ?? [])).joined(separator: "；")),
                    (.details, (item.conditions + item.materials.map(\.name)).joined(separator: "；")),
                    (.text, ([item.summary ?? ""] + item.faq.map(\.q)).joined(separator: "；")),
                ]
            )
        }
        for passage in knowledge.passages {
            documents.append(SearchDocument(
                id: passage.id, kind: .passage, serviceCode: passage.serviceCodes.first, title: passage.title,
                fields: [(.keywords, passage.title), (.text, passage.text)]
            ))
        }
        index = SearchIndex(documents: documents, analyzer: analyzer)
        self.items = Dictionary(items.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.passages = knowledge.passages
        self.departments = Dictionary(catalog.map { ($0.item.code, $0.department) }, uniquingKeysWith: { first, _ in first })
        var passagesByService: [String: [KnowledgePassage]] = [:]
        for passage in knowledge.passages {
            for code in passage.serviceCodes { passagesByService[code, default: []].append(passage) }
        }
        self.passagesByService = passagesByService
        self.passagesByID = Dictionary(knowledge.passages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        names = items.flatMap { item in
            [(analyzer.normalize(item.name), item.code, false)]
                + item.aliases.map { (analyzer.normalize($0), item.code, true) }
        }
        nameTrigrams = Set(names.filter { !$0.isAlias }.flatMap { Self.trigrams($0.name) })
        var codesByName: [String: [String]] = [:]
        for entry in names { codesByName[entry.name, default: []].append(entry.code) }
        self.codesByName = codesByName
    }

    public func item(code: String) -> ServiceItem? { items[code] }

    /// The department that implements the item.
    public func department(code: String) -> Department? { departments[code] }

    /// A passage by its id.
    public func passage(id: String) -> KnowledgePassage? { passagesByID[id] }

    /// Every passage about the item, guide sections first.
    public func passages(for code: String) -> [KnowledgePassage] { passagesByService[code] ?? [] }

    /// True when the text names something specific — a catalog word, an alias, a colloquial phrase
    /// of the synonym table — rather than only sharing characters with the catalog.
    public func namesSomething(_ text: String) -> Bool {
        namesSomething(queryAnalyzer.analyze(text))
    }

    func namesSomething(_ analysis: QueryAnalyzer.Analysis) -> Bool {
        !analysis.synonymPhrases.isEmpty || !analysis.words.isEmpty
            || !nameTrigrams.isDisjoint(with: Self.trigrams(analysis.normalized))
    }

    /// Services for a text and whether it names something, from one analysis of the text.
    public func lookUp(_ text: String, limit: Int = 10) -> (matches: [ServiceMatch], namesSomething: Bool) {
        let analysis = queryAnalyzer.analyze(text)
        return (searchServices(analysis, limit: limit), namesSomething(analysis))
    }

    static func trigrams(_ text: String) -> [String] {
        let characters = Array(text)
        guard characters.count >= 3 else { return [] }
        return (0...(characters.count - 3)).compactMap { start in
            let slice = characters[start..<start + 3]
            return slice.allSatisfy(Analyzer.isHan) ? String(slice) : nil
        }
    }

    /// The longest catalog word that ends the text, if any.
    public func longestKnownSuffix(_ text: String) -> String? {
        let characters = Array(queryAnalyzer.analyzer.normalize(text))
        for length in stride(from: min(characters.count, Lexicon.maxWordLength), through: 2, by: -1) {
            let suffix = String(characters.suffix(length))
            if queryAnalyzer.analyzer.lexicon.contains(suffix) { return suffix }
        }
        return nil
    }

    /// Services for a query, best first.
    public func searchServices(_ query: String, limit: Int = 10) -> [ServiceMatch] {
        searchServices(queryAnalyzer.analyze(query), limit: limit)
    }

    func searchServices(_ analysis: QueryAnalyzer.Analysis, limit: Int) -> [ServiceMatch] {
        guard !analysis.terms.isEmpty else { return [] }
        let hits = index.search(analysis.terms, limit: max(limit * 8, 40))
        var scores: [String: Double] = [:]
        var bestPassage: [String: Double] = [:]
        for hit in hits {
            let document = index.documents[hit.documentIndex]
            guard let code = document.serviceCode else { continue }
            switch document.kind {
            case .service: scores[code, default: 0] += hit.score
            case .passage: bestPassage[code] = max(bestPassage[code] ?? 0, hit.score)
            }
        }
        for (code, score) in bestPassage { scores[code, default: 0] += Self.passageShare * score }
        let named = exactNames(in: analysis)
        let top = scores.map { code, score -> ServiceMatch in
            let exact = named.contains(code)
            return ServiceMatch(code: code, name: items[code]?.name ?? code, score: exact ? score * 1.5 : score,
                                namedExactly: exact)
        }
        return top.sorted { $0.score != $1.score ? $0.score > $1.score : $0.code < $1.code }.prefix(limit).map { $0 }
    }

    /// Passages for a query, optionally only those about one service.
    public func searchPassages(_ query: String, limit: Int = 5, serviceCode: String? = nil,
                               sections: Set<KnowledgePassage.Section>? = nil) -> [PassageMatch] {
        let analysis = queryAnalyzer.analyze(query)
        let hits = index.search(analysis.terms, limit: 400, kind: .passage)
        var result: [PassageMatch] = []
        for hit in hits {
            let passage = passages[hit.documentIndex - items.count]
            if let serviceCode, !passage.serviceCodes.contains(serviceCode) { continue }
            if let sections, !sections.contains(passage.section) { continue }
            result.append(PassageMatch(passage: passage, score: hit.score))
            if result.count == limit { break }
        }
        return result
    }

    /// Services whose name or alias starts with what has been typed, then the best matches.
    public func suggest(_ prefix: String, limit: Int = 8) -> [ServiceMatch] {
        let normalized = queryAnalyzer.analyzer.normalize(prefix)
        guard !normalized.isEmpty else { return [] }
        var seen = Set<String>()
        var result: [ServiceMatch] = []
        for entry in names where entry.name.hasPrefix(normalized) && seen.insert(entry.code).inserted {
            result.append(ServiceMatch(code: entry.code, name: items[entry.code]?.name ?? entry.code, score: 1000,
                                       namedExactly: entry.name == normalized))
        }
        result.sort { ($0.name.count, $0.code) < ($1.name.count, $1.code) }
        // the best few: a search match far below the best one is noise in a short list
        let searched = searchServices(prefix, limit: limit)
        let floor = (searched.first?.score ?? 0) * Self.suggestionFloor
        for match in searched where match.score >= floor && seen.insert(match.code).inserted {
            result.append(match)
        }
        return Array(result.prefix(limit))
    }

    /// A search match is suggested only at this share of the best match's score or more.
    static let suggestionFloor = 0.5

    /// Codes of items whose name or an alias (of three characters or more) occurs in the query:
    /// names and aliases are lexicon words, so the analysis has already found them.
    func exactNames(in analysis: QueryAnalyzer.Analysis) -> Set<String> {
        Set(analysis.words.filter { $0.count >= 3 }.flatMap { codesByName[$0] ?? [] })
    }
}
