// QR Code encoder after ISO/IEC 18004:2015, restricted to what Yiwang needs for
// verification links on certificates: byte mode, error-correction level M,
// versions 1–10, the smallest version that fits, and the data mask chosen by the
// standard's penalty rules (or fixed by the caller).
//
// This file: the public type, data encoding (clause 7.4), error correction and
// codeword interleaving (7.5, 7.6, Table 9) and the SVG drawing.
// QRCodeSymbol.swift: the symbol itself — function patterns (6.3), placement (7.7),
// masking and its evaluation (7.8), format and version information (7.9, 7.10).

/// A QR Code symbol (ISO/IEC 18004:2015), byte mode, error-correction level M, versions 1–10.
public struct QRCode: Sendable, Equatable {
    /// Symbol version, 1...10 (the smallest one the data fits in).
    public let version: Int
    /// Data mask pattern reference, 0...7 (Table 10).
    public let mask: Int
    /// Modules per side, without the quiet zone (6.3.1: 17 + 4·version).
    public var size: Int { 17 + 4 * version }

    /// The complete symbol, row-major, `true` = dark.
    let modules: [Bool]

    /// Whether the module at (`row`, `column`) is dark; (0, 0) is the top-left
    /// module. Positions outside the symbol (the quiet zone) are light.
    public func isDark(row: Int, column: Int) -> Bool {
        guard (0..<size).contains(row), (0..<size).contains(column) else { return false }
        return modules[row * size + column]
    }

    /// Encodes `bytes` in byte mode at error-correction level M, in the smallest
    /// version (1–10) that holds them. `mask` nil lets the penalty rules of
    /// clause 7.8.3 choose the data mask; otherwise it must be 0...7.
    public init(encoding bytes: [UInt8], mask: Int? = nil) throws(QRCode.EncodingError) {
        if let mask, !(0...7).contains(mask) { throw .invalidMask(mask) }
        guard let version = (1...QRCode.maximumVersion).first(where: { QRCode.byteCapacity(version: $0) >= bytes.count })
        else { throw .tooLong(bytes: bytes.count, maximum: QRCode.byteCapacity(version: QRCode.maximumVersion)) }

        let codewords = QRCode.finalCodewords(data: QRCode.dataCodewords(bytes, version: version), version: version)
        let unmasked = Symbol(version: version, codewords: codewords)
        let chosen = mask ?? QRCode.bestMask(for: unmasked)
        self.version = version
        self.mask = chosen
        self.modules = unmasked.finished(mask: chosen).dark
    }

    /// Encodes the UTF-8 bytes of `text` (byte mode, no ECI header; readers
    /// in practice take byte-mode data as UTF-8).
    public init(encoding text: String, mask: Int? = nil) throws(QRCode.EncodingError) {
        try self.init(encoding: Array(text.utf8), mask: mask)
    }

    /// Why a QR Code could not be made.
    public enum EncodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// More bytes than a version-10-M symbol holds.
        case tooLong(bytes: Int, maximum: Int)
        /// A mask pattern reference outside 0...7.
        case invalidMask(Int)

        public var description: String {
            switch self {
            case let .tooLong(bytes, maximum): "内容过长：\(bytes) 字节，二维码最多容纳 \(maximum) 字节"
            case let .invalidMask(mask): "掩模图形编号无效：\(mask)，应为 0–7"
            }
        }
    }
}

// MARK: - SVG

extension QRCode {
    /// An SVG drawing (one <path> of dark modules, 4-module quiet zone), `moduleSize` user units per module.
    ///
    /// The drawing has a white background rectangle behind the path so that the
    /// quiet zone (6.3.8) stays light on any page colour.
    public func svg(moduleSize: Int = 4) -> String {
        let unit = max(1, moduleSize)
        let quiet = 4
        let side = (size + 2 * quiet) * unit
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(row: row, column: column) else { column += 1; continue }
                let start = column
                while column < size, isDark(row: row, column: column) { column += 1 }
                // One rectangle per horizontal run of dark modules.
                let width = (column - start) * unit
                path += "M\((start + quiet) * unit) \((row + quiet) * unit)h\(width)v\(unit)h-\(width)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side)" height="\(side)" \
            shape-rendering="crispEdges"><rect width="\(side)" height="\(side)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>
            """
    }
}

// MARK: - Capacity and error-correction table (Table 7, Table 9)

extension QRCode {
    static let maximumVersion = 10

    /// Error-correction block structure of one version at level M (Table 9):
    /// `group1Count` blocks of `group1DataCodewords` data codewords, then
    /// `group2Count` blocks of one data codeword more; each block gets
    /// `ecCodewordsPerBlock` error-correction codewords.
    struct BlockLayout: Sendable {
        let ecCodewordsPerBlock: Int
        let group1Count: Int
        let group1DataCodewords: Int
        let group2Count: Int

        var blockCount: Int { group1Count + group2Count }
        var dataCodewords: Int { group1Count * group1DataCodewords + group2Count * (group1DataCodewords + 1) }
        var totalCodewords: Int { dataCodewords + blockCount * ecCodewordsPerBlock }
    }

    /// Table 9, level M, versions 1–10 (index 0 = version 1).
    static let blockLayoutM: [BlockLayout] = [
        BlockLayout(ecCodewordsPerBlock: 10, group1Count: 1, group1DataCodewords: 16, group2Count: 0),  // 1: 26 codewords
        BlockLayout(ecCodewordsPerBlock: 16, group1Count: 1, group1DataCodewords: 28, group2Count: 0),  // 2: 44
        BlockLayout(ecCodewordsPerBlock: 26, group1Count: 1, group1DataCodewords: 44, group2Count: 0),  // 3: 70
        BlockLayout(ecCodewordsPerBlock: 18, group1Count: 2, group1DataCodewords: 32, group2Count: 0),  // 4: 100
        BlockLayout(ecCodewordsPerBlock: 24, group1Count: 2, group1DataCodewords: 43, group2Count: 0),  // 5: 134
        BlockLayout(ecCodewordsPerBlock: 16, group1Count: 4, group1DataCodewords: 27, group2Count: 0),  // 6: 172
        BlockLayout(ecCodewordsPerBlock: 18, group1Count: 4, group1DataCodewords: 31, group2Count: 0),  // 7: 196
        BlockLayout(ecCodewordsPerBlock: 22, group1Count: 2, group1DataCodewords: 38, group2Count: 2),  // 8: 242
        BlockLayout(ecCodewordsPerBlock: 22, group1Count: 3, group1DataCodewords: 36, group2Count: 2),  // 9: 292
        BlockLayout(ecCodewordsPerBlock: 26, group1Count: 4, group1DataCodewords: 43, group2Count: 1),  // 10: 346
    ]

    static func blockLayout(version: Int) -> BlockLayout { blockLayoutM[version - 1] }

    /// Bits of the character count indicator in byte mode (Table 3): 8 for versions 1–9, 16 for 10–26.
    static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Bytes that fit at level M (Table 7): data bits less mode indicator and count, whole bytes.
    static func byteCapacity(version: Int) -> Int {
        (blockLayout(version: version).dataCodewords * 8 - 4 - characterCountBits(version: version)) / 8
    }
}

// MARK: - Data encoding (7.4)

extension QRCode {
    /// The data codewords: mode indicator 0100 (Table 2), character count,
    /// the bytes (7.4.5), terminator (7.4.9), zero bits to a byte boundary and
    /// alternating pad codewords 11101100 00010001 (7.4.10).
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let capacityBits = blockLayout(version: version).dataCodewords * 8
        var bits = QRBitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: characterCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacityBits - bits.count))   // terminator, shortened when full
        bits.append(0, count: (8 - bits.count % 8) % 8)

        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacityBits {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data codewords into blocks (Table 9), adds each block's
    /// Reed–Solomon codewords (7.5.2) and interleaves them (7.6): the data
    /// codewords column by column across blocks, then the EC codewords likewise.
    static func finalCodewords(data: [UInt8], version: Int) -> [UInt8] {
        let layout = blockLayout(version: version)
        precondition(data.count == layout.dataCodewords)
        let generator = QRReedSolomon.generatorPolynomial(degree: layout.ecCodewordsPerBlock)

        var dataBlocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var offset = 0
        for block in 0..<layout.blockCount {
            let length = layout.group1DataCodewords + (block < layout.group1Count ? 0 : 1)
            let blockData = Array(data[offset..<offset + length])
            offset += length
            dataBlocks.append(blockData)
            ecBlocks.append(QRReedSolomon.remainder(of: blockData, generator: generator))
        }

        var result: [UInt8] = []
        result.reserveCapacity(layout.totalCodewords)
        for column in 0...layout.group1DataCodewords {   // group 2 blocks are one longer
            for block in dataBlocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<layout.ecCodewordsPerBlock {
            for block in ecBlocks { result.append(block[column]) }
        }
        return result
    }
}

/// A growing sequence of bits, most significant bit first.
struct QRBitBuffer: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count bitCount: Int) {
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= UInt8(0x80 >> (count % 8)) }
            count += 1
        }
    }
}

// MARK: - Reed–Solomon over GF(2⁸) (7.5.2, Annex A)

/// Reed–Solomon error-correction codewords for QR Code: arithmetic in GF(2⁸)
/// with the field polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), generator
/// polynomials (x − α⁰)(x − α¹)…(x − αⁿ⁻¹) with α = 2.
enum QRReedSolomon {
    /// αⁱ for i in 0..<255.
    static let exponents: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 255)
        var value = 1
        for power in 0..<255 {
            table[power] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// log_α(v) for v in 1...255 (index 0 unused).
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for power in 0..<255 { table[Int(exponents[power])] = power }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exponents[(logarithms[Int(a)] + logarithms[Int(b)]) % 255]
    }

    /// Coefficients of the generator polynomial of the given degree, highest
    /// power first, leading 1 included (Annex A lists them as powers of α).
    static func generatorPolynomial(degree: Int) -> [UInt8] {
        var polynomial: [UInt8] = [1]
        for root in 0..<degree {
            // Multiply by (x + αʳᵒᵒᵗ); in GF(2⁸) subtraction is addition.
            var product = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (index, coefficient) in polynomial.enumerated() {
                product[index] ^= coefficient
                product[index + 1] ^= multiply(coefficient, exponents[root])
            }
            polynomial = product
        }
        return polynomial
    }

    /// The remainder of data(x)·xⁿ divided by the generator: the n EC codewords.
    static func remainder(of data: [UInt8], generator: [UInt8]) -> [UInt8] {
        let degree = generator.count - 1
        var remainder = [UInt8](repeating: 0, count: degree)
        for codeword in data {
            let factor = codeword ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in 0..<degree { remainder[index] ^= multiply(generator[index + 1], factor) }
        }
        return remainder
    }

    /// Convenience: the `count` EC codewords of `data`.
    static func errorCorrection(for data: [UInt8], count: Int) -> [UInt8] {
        remainder(of: data, generator: generatorPolynomial(degree: count))
    }
}
