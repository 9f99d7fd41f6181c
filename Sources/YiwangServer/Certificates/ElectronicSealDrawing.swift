import Foundation

/// The red electronic seal of a department as SVG: a ring, a five-pointed star in the middle, the
/// department's name along the upper arc and 电子证照专用章 below — the look of an official seal.
/// Presentation attributes only (no `style`), so it passes the site's content security policy.
enum ElectronicSealDrawing {
    static let red = "#d0021b"

    static func svg(departmentName: String, size: Int = 168) -> String {
        let name = escape(departmentName)
        // the star: ten points alternating between outer and inner radius, the first pointing up
        let points = (0..<10).map { index -> String in
            let radius = index % 2 == 0 ? 26.0 : 10.4
            let angle = Double(index) * .pi / 5 - .pi / 2
            return String(format: "%.2f,%.2f", 100 + radius * cos(angle), 98 + radius * sin(angle))
        }.joined(separator: " ")
        // the name runs from lower left, over the top, to lower right (240° of a circle of radius 70)
        let start = point(angle: 150), end = point(angle: 30)
        let fontSize = departmentName.count > 12 ? 15 : 18
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="\(size)" height="\(size)" role="img" \
            aria-label="\(name)电子印章" class="electronic-seal">
            <circle cx="100" cy="100" r="93" fill="none" stroke="\(red)" stroke-width="6"/>
            <defs><path id="seal-arc" d="M \(start) A 70 70 0 1 1 \(end)"/></defs>
            <text fill="\(red)" font-size="\(fontSize)" font-weight="bold" font-family="'Noto Serif CJK SC','Noto Sans CJK SC',serif">\
            <textPath href="#seal-arc" startOffset="50%" text-anchor="middle">\(name)</textPath></text>
            <polygon points="\(points)" fill="\(red)"/>
            <text x="100" y="152" fill="\(red)" font-size="13" text-anchor="middle" font-family="'Noto Sans CJK SC',sans-serif">电子证照专用章</text>
            </svg>
            """
    }

    private static func point(angle degrees: Double) -> String {
        let radians = degrees * .pi / 180
        return String(format: "%.2f %.2f", 100 + 70 * cos(radians), 100 + 70 * sin(radians))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
