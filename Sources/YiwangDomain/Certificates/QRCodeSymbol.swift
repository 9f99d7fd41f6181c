// The QR Code symbol: function patterns (ISO/IEC 18004:2015 clause 6.3),
// codeword placement (7.7), data masking and its evaluation (7.8), format
// information (7.9) and version information (7.10). See QRCode.swift for the rest.

extension QRCode {
    /// A symbol under construction: module colours plus which modules belong
    /// to function patterns or format/version information (never masked).
    struct Symbol: Sendable {
        let version: Int
        let size: Int
        /// Row-major, `true` = dark.
        var dark: [Bool]
        /// Row-major, `true` = function pattern, format or version information.
        var isFunction: [Bool]

        /// The function patterns of `version`, with the format information
        /// area reserved (light) and version information drawn (7.10).
        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            dark = Array(repeating: false, count: size * size)
            isFunction = Array(repeating: false, count: size * size)

            // Timing patterns (6.3.5): row 6 and column 6, dark on even indices.
            // Drawn full length first; the finders and separators overwrite the ends.
            for index in 0..<size {
                set(row: 6, column: index, dark: index % 2 == 0)
                set(row: index, column: 6, dark: index % 2 == 0)
            }
            // Finder patterns with their separators (6.3.3, 6.3.4).
            drawFinder(centerRow: 3, centerColumn: 3)
            drawFinder(centerRow: 3, centerColumn: size - 4)
            drawFinder(centerRow: size - 4, centerColumn: 3)
            // Alignment patterns (6.3.6, Annex E), except where they would overlap a finder.
            let centers = QRCode.alignmentCenters(version: version)
            for row in centers {
                for column in centers {
                    let last = centers.count - 1
                    let overlapsFinder = (row == centers[0] && column == centers[0])
                        || (row == centers[0] && column == centers[last])
                        || (row == centers[last] && column == centers[0])
                    if !overlapsFinder { drawAlignment(centerRow: row, centerColumn: column) }
                }
            }
            // Format information area (7.9.1), filled in once the mask is known,
            // and the dark module beside the lower-left finder (Figure 25).
            for index in 0...8 where index != 6 {   // index 6 is the timing pattern
                set(row: 8, column: index, dark: false)
                set(row: index, column: 8, dark: false)
            }
            for index in 0..<8 {
                set(row: 8, column: size - 1 - index, dark: false)
                set(row: size - 1 - index, column: 8, dark: false)
            }
            set(row: size - 8, column: 8, dark: true)
            // Version information (7.10), versions 7 and up: two 6×3 blocks.
            if version >= 7 {
                let bits = QRCode.versionInformation(version: version)
                for bit in 0..<18 {
                    let isSet = (bits >> bit) & 1 == 1
                    let (near, far) = (bit / 3, size - 11 + bit % 3)
                    set(row: near, column: far, dark: isSet)   // upper right, Figure 27
                    set(row: far, column: near, dark: isSet)   // lower left
                }
            }
        }

        /// The function patterns plus `codewords` placed in the encoding region (7.7.3).
        init(version: Int, codewords: [UInt8]) {
            self.init(version: version)
            placeCodewords(codewords)
        }

        private mutating func set(row: Int, column: Int, dark isDark: Bool) {
            dark[row * size + column] = isDark
            isFunction[row * size + column] = true
        }

        /// 7×7 finder (dark ring, light ring, 3×3 dark centre) with its one-module
        /// light separator (6.3.4), clipped at the symbol edge.
        private mutating func drawFinder(centerRow: Int, centerColumn: Int) {
            for dr in -4...4 {
                for dc in -4...4 {
                    let (row, column) = (centerRow + dr, centerColumn + dc)
                    guard (0..<size).contains(row), (0..<size).contains(column) else { continue }
                    let ring = max(abs(dr), abs(dc))
                    set(row: row, column: column, dark: ring != 2 && ring != 4)
                }
            }
        }

        /// 5×5 alignment pattern: dark ring, light ring, dark centre (6.3.6).
        private mutating func drawAlignment(centerRow: Int, centerColumn: Int) {
            for dr in -2...2 {
                for dc in -2...2 {
                    set(row: centerRow + dr, column: centerColumn + dc, dark: max(abs(dr), abs(dc)) != 1)
                }
            }
        }

        /// 7.7.3: two-module-wide columns from the right edge, upwards then
        /// downwards alternately, skipping the vertical timing pattern (column 6)
        /// and function modules; within a pair the right module comes first.
        /// Bits run most significant first. Modules left over are remainder bits,
        /// which are 0 (7.6).
        private mutating func placeCodewords(_ codewords: [UInt8]) {
            let totalBits = codewords.count * 8
            var bitIndex = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                let upwards = (right + 1) & 2 == 0   // the rightmost pair goes upwards
                for step in 0..<size {
                    let row = upwards ? size - 1 - step : step
                    for column in [right, right - 1] where !isFunction[row * size + column] {
                        if bitIndex < totalBits {
                            let byte = codewords[bitIndex / 8]
                            dark[row * size + column] = (byte >> (7 - bitIndex % 8)) & 1 == 1
                            bitIndex += 1
                        }
                    }
                }
                right -= 2
            }
            precondition(bitIndex == totalBits, "codewords do not fill the encoding region")
        }

        /// The finished symbol: data mask `mask` applied to the encoding region
        /// (7.8.2) and the format information for (M, mask) drawn (7.9.1).
        func finished(mask: Int) -> Symbol {
            var symbol = self
            for row in 0..<size {
                for column in 0..<size where !isFunction[row * size + column] {
                    if QRCode.maskCondition(mask, row: row, column: column) { symbol.dark[row * size + column].toggle() }
                }
            }
            symbol.drawFormatInformation(QRCode.formatInformation(mask: mask))
            return symbol
        }

        /// Figure 25: bit 0 is the least significant. First copy around the
        /// upper-left finder: bits 0–7 down column 8 (skipping the timing row),
        /// bits 8–14 leftwards along row 8 (skipping the timing column). Second
        /// copy: bits 0–7 leftwards along row 8 from the right edge, bits 8–14
        /// down column 8 to the bottom edge.
        private mutating func drawFormatInformation(_ bits: Int) {
            func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
            for index in 0...5 { dark[index * size + 8] = bit(index) }
            dark[7 * size + 8] = bit(6)
            dark[8 * size + 8] = bit(7)
            dark[8 * size + 7] = bit(8)
            for index in 9...14 { dark[8 * size + 14 - index] = bit(index) }
            for index in 0...7 { dark[8 * size + size - 1 - index] = bit(index) }
            for index in 8...14 { dark[(size - 15 + index) * size + 8] = bit(index) }
        }
    }

    /// Row/column coordinates of alignment pattern centres (Annex E, Table E.1), versions 1–10.
    static func alignmentCenters(version: Int) -> [Int] {
        switch version {
        case 1: []
        case 2: [6, 18]
        case 3: [6, 22]
        case 4: [6, 26]
        case 5: [6, 30]
        case 6: [6, 34]
        case 7: [6, 22, 38]
        case 8: [6, 24, 42]
        case 9: [6, 26, 46]
        case 10: [6, 28, 50]
        default: preconditionFailure("version \(version) is outside 1...10")
        }
    }

    /// Data mask conditions of Table 10; i is the row, j the column. Where the
    /// condition holds, the module is inverted.
    static func maskCondition(_ mask: Int, row i: Int, column j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        case 7: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        default: preconditionFailure("mask \(mask) is outside 0...7")
        }
    }

    /// 7.9.1: 5 data bits (level M = 00, then the 3-bit mask reference), 10 bits
    /// of BCH(15,5) with generator G(x) = x¹⁰+x⁸+x⁵+x⁴+x²+x+1 (0x537), XOR 0x5412 (Annex C).
    static func formatInformation(mask: Int) -> Int {
        let levelM = 0b00
        let data = levelM << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// 7.10: the 6-bit version number and 12 bits of BCH(18,6) with generator
    /// G(x) = x¹²+x¹¹+x¹⁰+x⁹+x⁸+x⁵+x²+1 (0x1F25) (Annex D).
    static func versionInformation(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }
}

// MARK: - Evaluation of data masking results (7.8.3)

extension QRCode {
    /// Penalty points of a finished symbol by the four features of Table 11.
    struct Penalty: Sendable, Equatable {
        /// N1 = 3: each run of 5 + i same-coloured modules in a row or column scores 3 + i.
        var adjacent = 0
        /// N2 = 3: each 2×2 block of one colour scores 3 (an m×n block thus 3·(m−1)·(n−1)).
        var blocks = 0
        /// N3 = 40: each 1:1:3:1:1 (dark:light:dark:light:dark) pattern in a row or
        /// column with 4 light modules before or after it.
        var finderLike = 0
        /// N4 = 10 for each full 5 % the dark proportion deviates from 50 %.
        var balance = 0

        var total: Int { adjacent + blocks + finderLike + balance }
    }

    /// Scores the complete symbol: 7.8.3.1 says that although only the encoding
    /// region is masked, the area to be evaluated is the complete symbol, so the
    /// format and version information and the dark module take part. The quiet
    /// zone counts as light for the 4 light modules beside a finder-like pattern.
    static func penalty(of dark: [Bool], size: Int) -> Penalty {
        var score = Penalty()
        func line(_ index: Int, horizontal: Bool) -> [Bool] {
            (0..<size).map { horizontal ? dark[index * size + $0] : dark[$0 * size + index] }
        }
        for index in 0..<size {
            for modules in [line(index, horizontal: true), line(index, horizontal: false)] {
                score.adjacent += adjacentPenalty(modules)
                score.finderLike += finderLikePenalty(modules)
            }
        }
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let colour = dark[row * size + column]
                if dark[row * size + column + 1] == colour, dark[(row + 1) * size + column] == colour,
                   dark[(row + 1) * size + column + 1] == colour {
                    score.blocks += 3
                }
            }
        }
        // k = ⌊|dark% − 50| / 5⌋ = ⌊|20·dark − 10·total| / total⌋, in integers.
        let darkCount = dark.count(where: { $0 })
        score.balance = 10 * (abs(20 * darkCount - 10 * dark.count) / dark.count)
        return score
    }

    static func adjacentPenalty(_ modules: [Bool]) -> Int {
        var points = 0
        var runLength = 0
        for (index, module) in modules.enumerated() {
            runLength = index > 0 && modules[index - 1] == module ? runLength + 1 : 1
            let runEnds = index == modules.count - 1 || modules[index + 1] != module
            if runEnds, runLength >= 5 { points += 3 + (runLength - 5) }
        }
        return points
    }

    static func finderLikePenalty(_ modules: [Bool]) -> Int {
        let pattern: [Bool] = [true, false, true, true, true, false, true]
        guard modules.count >= pattern.count else { return 0 }
        let light = [Bool](repeating: false, count: 4)
        let padded = light + modules + light   // the quiet zone is light
        var points = 0
        for start in 4...(padded.count - 4 - pattern.count) where Array(padded[start..<start + 7]) == pattern {
            let lightBefore = !padded[(start - 4)..<start].contains(true)
            let lightAfter = !padded[(start + 7)..<(start + 11)].contains(true)
            if lightBefore || lightAfter { points += 40 }
        }
        return points
    }

    /// 7.8.3: the mask whose finished symbol has the lowest penalty; the lowest
    /// reference wins a tie.
    static func bestMask(for unmasked: Symbol) -> Int {
        var best = (mask: 0, points: Int.max)
        for mask in 0...7 {
            let points = penalty(of: unmasked.finished(mask: mask).dark, size: unmasked.size).total
            if points < best.points { best = (mask, points) }
        }
        return best.mask
    }
}
