import YiwangDomain
import YiwangSearch

/// 一件事 as 小自然 and search see them. A message is about a life event as a whole when it names
/// the bundle (its name or an alias), or when the evidence adds up: the catalog's own ranking puts
/// several of one bundle's items among the best matches (a birth touches 出生医学证明 and 出生登记 at
/// once), the message uses the bundle's own words, or it asks for everything there is to do — and
/// it names no one item outright. The words come from the bundles' data through the search
/// analyzer; there is no list of questions.
public struct LifeEvents: Sendable {
    public let bundles: [LifeEventBundle]
    /// Normalized bundle names and aliases → bundle code.
    private let names: [(name: String, code: String)]
    /// Per bundle, the words its name and aliases use (as the search analyzer reads them) that no
    /// other bundle uses and that no item's guide uses ("饭馆" for the eatery; not "医保" or "孩子").
    private let signatures: [String: Set<String>]
    private let analyzer: QueryAnalyzer?

    /// How many of the best matches are looked at for a bundle's items.
    public var depth = 4

    public init(bundles: [LifeEventBundle], engine: CatalogSearchEngine) {
        self.bundles = bundles
        analyzer = engine.queryAnalyzer
        let normalize = engine.queryAnalyzer.analyzer.normalize
        names = bundles.flatMap { bundle in
            ([bundle.name] + bundle.aliases).map { (normalize($0), bundle.code) }.filter { $0.0.count >= 4 }
        }
        // everything the catalog says of its items: a word found there speaks for an item, not a life event
        let itemTexts = engine.index.documents.filter { $0.kind == .service }.map { document in
            normalize(([document.title] + document.fields.map(\.1)).joined(separator: "；"))
        }
        var words: [String: Set<String>] = [:]
        for bundle in bundles {
            words[bundle.code] = Set(([bundle.name] + bundle.aliases).flatMap { text -> [String] in
                let analysis = engine.queryAnalyzer.analyze(text)
                return analysis.words + analysis.synonymPhrases
            }.map(normalize).filter { word in word.count >= 2 && !itemTexts.contains { $0.contains(word) } })
        }
        signatures = words.mapValues { own in
            own.filter { word in !words.contains { $0.value.contains(word) && $0.value != own } }
        }
    }

    private init() {
        bundles = []; names = []; signatures = [:]; analyzer = nil
    }

    public static let none = LifeEvents()

    public func bundle(code: String) -> LifeEventBundle? { bundles.first { $0.code == code } }

    /// The bundles an item is a component of.
    public func bundles(containing item: String) -> [LifeEventBundle] {
        bundles.filter { $0.component(item) != nil }
    }

    /// The bundle the message names outright, if any.
    public func named(in normalized: String) -> LifeEventBundle? {
        names.first { normalized.contains($0.name) }.flatMap { bundle(code: $0.code) }
    }

    /// What a message shows of one bundle.
    public struct Evidence: Sendable {
        public let bundle: LifeEventBundle
        /// The bundle's items among the best matches (each scoring at least the floor), and their scores together.
        public let items: Int
        public let mass: Double
        /// The best match is one of the bundle's items.
        public let leads: Bool
        /// The message uses the bundle's own words.
        public let ownWords: Bool
        /// The message asks for everything there is to do.
        public let asksForEverything: Bool

        /// About the life event as a whole: its items weigh as much as the best match's half (or
        /// lead), and three of them match, or two and everything is asked for, or the bundle's own
        /// words are used.
        public var isWhole: Bool {
            (leads || mass >= bestScore * 0.5)
                && (items >= 3 || (items >= 2 && (asksForEverything || ownWords)) || (ownWords && items >= 1))
        }

        let bestScore: Double
    }

    public func evidence(_ normalized: String, matches: [ServiceMatch], floor: Double) -> [Evidence] {
        guard let best = matches.first else { return [] }
        let top = matches.prefix(depth).filter { $0.score >= floor }
        let analysis = analyzer?.analyze(normalized)
        let used = Set(((analysis?.words ?? []) + (analysis?.synonymPhrases ?? [])).map { analyzer?.analyzer.normalize($0) ?? $0 })
        let whole = IntentDetector.asksForEverything(normalized)
        return bundles.compactMap { bundle in
            let items = top.filter { bundle.component($0.code) != nil }
            guard !items.isEmpty else { return nil }
            return Evidence(bundle: bundle, items: items.count, mass: items.map(\.score).reduce(0, +),
                            leads: bundle.component(best.code) != nil,
                            ownWords: !(signatures[bundle.code] ?? []).isDisjoint(with: used), asksForEverything: whole,
                            bestScore: best.score)
        }.sorted { $0.mass > $1.mass }
    }

    /// The bundle a message is about as a whole: named; or, for a message that asks which services
    /// (or says nothing more specific), the bundle the evidence shows whole — unless it names one
    /// item outright and no other of the bundle.
    public func recognise(_ normalized: String, matches: [ServiceMatch], question: Intent?, floor: Double) -> LifeEventBundle? {
        if let named = named(in: normalized) { return named }
        guard question == nil || question == .whichService || question == .process || question == .apply,
              let whole = evidence(normalized, matches: matches, floor: floor).first(where: \.isWhole) else { return nil }
        // one item named outright is asked about as the item, unless the message reaches others of the bundle too
        return matches.first?.namedExactly == true && whole.items < 2 ? nil : whole.bundle
    }

    /// Bundles to list beside a search's items: named, shown whole, or with several items matched.
    public func related(_ normalized: String, matches: [ServiceMatch], floor: Double) -> [LifeEventBundle] {
        var found = named(in: normalized).map { [$0] } ?? []
        for evidence in evidence(normalized, matches: matches, floor: floor)
        where (evidence.isWhole || evidence.items >= 2) && !found.contains(where: { $0.code == evidence.bundle.code }) {
            found.append(evidence.bundle)
        }
        return found
    }
}
