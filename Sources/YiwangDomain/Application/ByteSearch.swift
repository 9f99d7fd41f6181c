/// Finding a run of bytes in a file or body without copying it into a string.
public enum ByteSearch {
    public static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard let first = needle.first, start >= 0, haystack.count - start >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            guard let hit = haystack[index...last].firstIndex(of: first) else { return nil }
            if haystack[hit..<hit + needle.count].elementsEqual(needle) { return hit }
            index = hit + 1
        }
        return nil
    }

    public static func lastIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        var found: Int?, index = start
        while let hit = firstIndex(of: needle, in: haystack, from: index) {
            found = hit
            index = hit + 1
        }
        return found
    }

    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        firstIndex(of: needle, in: haystack) != nil
    }
}
