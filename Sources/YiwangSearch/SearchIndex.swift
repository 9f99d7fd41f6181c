/// What can be searched: a service item, or a knowledge passage about one.
public enum DocumentKind: String, Sendable, Codable {
    case service, passage
}

/// The parts of a document, each with its own weight (BM25F): a hit in the name counts far more
/// than one in the guide's running text.
public enum SearchField: Int, Sendable, CaseIterable {
    case name, aliases, keywords, details, text

    public var weight: Double {
        switch self {
        case .name: 8
        case .aliases: 5
        case .keywords: 3
        case .details: 1.5
        case .text: 1
        }
    }
}

/// A document to index.
public struct SearchDocument: Sendable {
    public let id: String
    public let kind: DocumentKind
    /// The service item the document belongs to.
    public let serviceCode: String?
    public let title: String
    public let fields: [(SearchField, String)]

    public init(id: String, kind: DocumentKind, serviceCode: String?, title: String, fields: [(SearchField, String)]) {
        self.id = id
        self.kind = kind
        self.serviceCode = serviceCode
        self.title = title
        self.fields = fields
    }
}

/// A ranked result.
public struct SearchHit: Sendable, Equatable {
    public let documentIndex: Int
    public let score: Double
}

/// An immutable inverted index. Each field is scored with BM25 on its own — its own term
/// frequency, length and saturation — and the fields' scores are added with the field weights, so
/// that a word in an item's name keeps its weight however often the guide text repeats another.
///
/// Only the term's idf and the query's weight for it depend on the query; the rest of a
/// document's score for a term (its "impact": the weighted sum of the fields' saturated term
/// frequencies) is computed once when the index is built. A query then costs one multiply-add per
/// posting. Postings are stored flat — one array of documents and one of impacts, with each term's
/// stretch given by `offsets` — so scoring walks contiguous memory.
/// Built once from all documents; rebuilt (and swapped) when the catalog or the knowledge base changes.
public struct SearchIndex: Sendable {
    public let documents: [SearchDocument]
    private let termIDs: [String: Int32]
    /// Postings of term `t` are `postingDocuments[offsets[t]..<offsets[t + 1]]`, in document order.
    private let offsets: [Int]
    private let postingDocuments: [Int32]
    private let postingImpacts: [Float]
    static let fieldCount = SearchField.allCases.count
    static let k1: Float = 1.2
    static let b: Float = 0.5

    public init(documents: [SearchDocument], analyzer: Analyzer) {
        self.documents = documents
        var termIDs: [String: Int32] = [:]
        // per document: term → frequency in each field, kept until the field lengths are known
        var documentTerms: [[(term: Int32, frequencies: [Float])]] = []
        documentTerms.reserveCapacity(documents.count)
        var lengths = [Float](repeating: 0, count: documents.count * Self.fieldCount)
        var postingCounts: [Int] = []
        for (index, document) in documents.enumerated() {
            var frequencies: [Int32: [Float]] = [:]
            for (field, text) in document.fields {
                for term in analyzer.terms(text) {
                    let id: Int32
                    if let known = termIDs[term] {
                        id = known
                    } else {
                        id = Int32(postingCounts.count)
                        termIDs[term] = id
                        postingCounts.append(0)
                    }
                    frequencies[id, default: [Float](repeating: 0, count: Self.fieldCount)][field.rawValue] += 1
                    lengths[index * Self.fieldCount + field.rawValue] += 1
                }
            }
            for id in frequencies.keys { postingCounts[Int(id)] += 1 }
            documentTerms.append(frequencies.map { ($0.key, $0.value) })
        }
        var averages = [Float](repeating: 1, count: Self.fieldCount)
        if !documents.isEmpty {
            for field in 0..<Self.fieldCount {
                var total: Float = 0
                for document in documents.indices { total += lengths[document * Self.fieldCount + field] }
                averages[field] = max(1, total / Float(documents.count))
            }
        }
        var offsets = [0]
        offsets.reserveCapacity(postingCounts.count + 1)
        for count in postingCounts { offsets.append(offsets[offsets.count - 1] + count) }
        var next = Array(offsets.dropLast())
        var postingDocuments = [Int32](repeating: 0, count: offsets[offsets.count - 1])
        var postingImpacts = [Float](repeating: 0, count: offsets[offsets.count - 1])
        let fieldWeights = SearchField.allCases.map { Float($0.weight) }
        for (document, terms) in documentTerms.enumerated() {  // in document order, so each list is sorted
            for (term, frequencies) in terms {
                var impact: Float = 0
                for (field, frequency) in frequencies.enumerated() where frequency > 0 {
                    let length = lengths[document * Self.fieldCount + field]
                    let norm = Self.k1 * (1 - Self.b + Self.b * length / averages[field])
                    impact += fieldWeights[field] * frequency * (Self.k1 + 1) / (frequency + norm)
                }
                let slot = next[Int(term)]
                postingDocuments[slot] = Int32(document)
                postingImpacts[slot] = impact
                next[Int(term)] = slot + 1
            }
        }
        self.termIDs = termIDs
        self.offsets = offsets
        self.postingDocuments = postingDocuments
        self.postingImpacts = postingImpacts
    }

    public var termCount: Int { offsets.count - 1 }

    /// How many documents hold the term (0 when none does).
    public func documentFrequency(_ term: String) -> Int {
        guard let id = termIDs[term].map(Int.init) else { return 0 }
        return offsets[id + 1] - offsets[id]
    }

    /// Terms weighing less than this (single characters) only re-rank documents that something
    /// stronger — a bigram, a word — has found: one shared character is no match.
    public static let strongTermWeight = 0.5

    /// Single characters found in more than this share of documents ("的", "办") say nothing
    /// about a document and cost the most to score: they are left out.
    public static let commonCharacterShare: Float = 0.05
    /// Any term in more than this share of documents ("申请" and "办理" stand in about half) is left
    /// out too: its weight would be small and its posting list is the longest. Topic words stay well
    /// below it however the catalog grows ("户口" stands in 8% of the documents of a 45-item catalog,
    /// because 户口簿 is a common material): at 8% they were dropped, and a question such as
    /// "户口从长沙迁到株洲" lost the one word that named its service.
    public static let commonTermShare: Float = 0.25
    /// Below this many documents no term is left out for being common: a share of a handful says
    /// nothing.
    public static let commonTermMinimumDocuments: Float = 200

    /// The best `limit` documents for the weighted terms, optionally of one kind.
    public func search(_ terms: [WeightedTerm], limit: Int, kind: DocumentKind? = nil) -> [SearchHit] {
        guard limit > 0, !documents.isEmpty else { return [] }
        let total = Float(documents.count)
        // the terms that count, strong ones first: weak ones then only add to documents already found
        var scored: [(range: Range<Int>, weight: Float, strong: Bool)] = []
        for term in terms {
            guard let id = termIDs[term.term].map(Int.init) else { continue }
            let range = offsets[id]..<offsets[id + 1]
            let frequency = Float(range.count)
            if term.weight < Self.strongTermWeight, frequency > total * Self.commonCharacterShare { continue }
            if frequency > total * Self.commonTermShare, total >= Self.commonTermMinimumDocuments { continue }
            let idf = log(1 + (total - frequency + 0.5) / (frequency + 0.5))
            scored.append((range, Float(term.weight) * idf, term.weight >= Self.strongTermWeight))
        }
        scored.sort { $0.strong && !$1.strong }
        var scores = [Float](repeating: 0, count: documents.count)
        var touched: [Int32] = []
        postingDocuments.withUnsafeBufferPointer { postingDocuments in
            postingImpacts.withUnsafeBufferPointer { postingImpacts in
                scores.withUnsafeMutableBufferPointer { scores in
                    for (range, weight, strong) in scored {
                        for slot in range {
                            let document = Int(postingDocuments[slot])
                            let current = scores[document]
                            if strong {
                                if current == 0 { touched.append(Int32(document)) }
                                scores[document] = current + weight * postingImpacts[slot]
                            } else if current > 0 {
                                scores[document] = current + weight * postingImpacts[slot]
                            }
                        }
                    }
                }
            }
        }
        var top = TopK(limit: limit)
        for document in touched {
            let index = Int(document)
            if let kind, documents[index].kind != kind { continue }
            top.insert(index, score: scores[index])
        }
        return top.sorted().map { SearchHit(documentIndex: $0.index, score: Double($0.score)) }
    }
}

/// Keeps the `limit` best-scoring entries seen (a min-heap on score).
struct TopK {
    let limit: Int
    private var heap: [(index: Int, score: Float)] = []

    init(limit: Int) {
        self.limit = limit
        heap.reserveCapacity(limit)
    }

    mutating func insert(_ index: Int, score: Float) {
        if heap.count < limit {
            heap.append((index, score))
            siftUp(heap.count - 1)
        } else if let worst = heap.first, Self.better((index, score), than: worst) {
            heap[0] = (index, score)
            siftDown(0)
        }
    }

    /// Best first; ties broken by document order, so results are stable.
    func sorted() -> [(index: Int, score: Float)] {
        heap.sorted { Self.better($0, than: $1) }
    }

    private static func better(_ a: (index: Int, score: Float), than b: (index: Int, score: Float)) -> Bool {
        a.score != b.score ? a.score > b.score : a.index < b.index
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.better(heap[parent], than: heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, Self.better(heap[worst], than: heap[left]) { worst = left }
            if right < heap.count, Self.better(heap[worst], than: heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}

import Foundation
