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
/// Built once from all documents; rebuilt (and swapped) when the catalog or the knowledge base changes.
public struct SearchIndex: Sendable {
    struct Posting: Sendable {
        let document: Int32
        let field: UInt8
        let frequency: Float
    }

    public let documents: [SearchDocument]
    private let termIDs: [String: Int32]
    private let postings: [[Posting]]
    /// Length of each field of each document, `fieldCount` entries per document.
    private let lengths: [Float]
    private let averageLengths: [Float]
    private let documentFrequencies: [Int32]
    static let fieldCount = SearchField.allCases.count
    static let k1: Float = 1.2
    static let b: Float = 0.5

    public init(documents: [SearchDocument], analyzer: Analyzer) {
        self.documents = documents
        var termIDs: [String: Int32] = [:]
        var postings: [[Posting]] = []
        var lengths = [Float](repeating: 0, count: documents.count * Self.fieldCount)
        var documentFrequencies: [Int32] = []
        for (index, document) in documents.enumerated() {
            var frequencies: [Int32: [Float]] = [:]
            for (field, text) in document.fields {
                for term in analyzer.terms(text) {
                    let id: Int32
                    if let known = termIDs[term] {
                        id = known
                    } else {
                        id = Int32(postings.count)
                        termIDs[term] = id
                        postings.append([])
                        documentFrequencies.append(0)
                    }
                    frequencies[id, default: [Float](repeating: 0, count: Self.fieldCount)][field.rawValue] += 1
                    lengths[index * Self.fieldCount + field.rawValue] += 1
                }
            }
            for (id, perField) in frequencies {
                documentFrequencies[Int(id)] += 1
                for (field, frequency) in perField.enumerated() where frequency > 0 {
                    postings[Int(id)].append(Posting(document: Int32(index), field: UInt8(field), frequency: frequency))
                }
            }
        }
        var averages = [Float](repeating: 1, count: Self.fieldCount)
        if !documents.isEmpty {
            for field in 0..<Self.fieldCount {
                var total: Float = 0
                for document in documents.indices { total += lengths[document * Self.fieldCount + field] }
                averages[field] = max(1, total / Float(documents.count))
            }
        }
        self.termIDs = termIDs
        self.postings = postings
        self.lengths = lengths
        self.averageLengths = averages
        self.documentFrequencies = documentFrequencies
    }

    public var termCount: Int { postings.count }

    /// Terms weighing less than this (single characters) only re-rank documents that something
    /// stronger — a bigram, a word — has found: one shared character is no match.
    public static let strongTermWeight = 0.5

    /// Single characters found in more than this share of documents ("的", "办") say nothing
    /// about a document and cost the most to score: they are left out.
    public static let commonCharacterShare: Float = 0.05
    /// Any term in more than this share of documents ("申请", "办理") is left out too: its weight
    /// would be small and its posting list is the longest.
    public static let commonTermShare: Float = 0.08

    /// The best `limit` documents for the weighted terms, optionally of one kind.
    public func search(_ terms: [WeightedTerm], limit: Int, kind: DocumentKind? = nil) -> [SearchHit] {
        guard limit > 0, !documents.isEmpty else { return [] }
        var scores = [Float](repeating: 0, count: documents.count)
        var strong = [Bool](repeating: false, count: documents.count)
        var touched: [Int32] = []
        let total = Float(documents.count)
        let fieldWeights = SearchField.allCases.map { Float($0.weight) }
        for term in terms {
            guard let id = termIDs[term.term] else { continue }
            let frequency = Float(documentFrequencies[Int(id)])
            if term.weight < Self.strongTermWeight, frequency > total * Self.commonCharacterShare { continue }
            if frequency > total * Self.commonTermShare, total >= 1000 { continue }
            let idf = log(1 + (total - frequency + 0.5) / (frequency + 0.5))
            let weight = Float(term.weight) * idf
            let isStrong = term.weight >= Self.strongTermWeight
            for posting in postings[Int(id)] {
                let document = Int(posting.document)
                let field = Int(posting.field)
                let length = lengths[document * Self.fieldCount + field]
                let norm = Self.k1 * (1 - Self.b + Self.b * length / averageLengths[field])
                let contribution = fieldWeights[field] * weight * posting.frequency * (Self.k1 + 1) / (posting.frequency + norm)
                if scores[document] == 0 { touched.append(posting.document) }
                scores[document] += contribution
                if isStrong { strong[document] = true }
            }
        }
        var top = TopK(limit: limit)
        for document in touched {
            let index = Int(document)
            guard strong[index] else { continue }
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
