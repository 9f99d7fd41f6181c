/// Colloquial phrases citizens type, mapped to the official terms of the catalog
/// (开公司 → 企业设立登记, 驾照 → 机动车驾驶证). Kept as data in `Resources/Search/synonyms.tsv`:
/// `phrase<TAB>term term …`, `#` for comments.
public struct SynonymTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public let phrase: String
        public let terms: [String]
    }

    /// Entries by the first character of their phrase, for a quick scan of a query.
    private var byFirstCharacter: [Character: [Entry]] = [:]
    public private(set) var count = 0

    public init(entries: [Entry]) {
        for entry in entries {
            guard let first = entry.phrase.first else { continue }
            byFirstCharacter[first, default: []].append(entry)
            count += 1
        }
    }

    /// Parses the TSV; malformed lines are returned with their numbers so loading can report them.
    public static func parse(_ text: String) -> (table: SynonymTable, badLines: [Int]) {
        var entries: [Entry] = []
        var bad: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            let phrase = parts.first.map { TextNormalizer.normalize(String($0)) } ?? ""
            let terms = parts.count == 2 ? TextNormalizer.terms(String(parts[1])) : []
            guard parts.count == 2, !phrase.isEmpty, !terms.isEmpty else { bad.append(index + 1); continue }
            entries.append(Entry(phrase: phrase, terms: terms))
        }
        return (SynonymTable(entries: entries), bad)
    }

    /// Entries whose phrase occurs in the (normalized) query.
    public func entries(in query: String) -> [Entry] {
        var found: [Entry] = []
        var seen = Set<String>()
        var index = query.startIndex
        while index < query.endIndex {
            if let candidates = byFirstCharacter[query[index]] {
                let rest = query[index...]
                for entry in candidates where rest.hasPrefix(entry.phrase) && seen.insert(entry.phrase).inserted {
                    found.append(entry)
                }
            }
            index = query.index(after: index)
        }
        return found
    }

    /// Every official term, for the lexicon.
    public var allTerms: [String] { byFirstCharacter.values.flatMap { $0.flatMap(\.terms) } }
}

import Foundation
