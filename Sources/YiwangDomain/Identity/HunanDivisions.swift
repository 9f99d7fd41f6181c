import Foundation

/// Hunan's prefecture-level divisions as GB/T 2260 names them (code 43xx00), with the short names
/// people type: enough to know that "长沙市芙蓉区" is in Hunan and to write it as "湖南省长沙市芙蓉区".
public enum HunanDivisions {
    /// Code, full name, and the shorter names in use.
    public static let prefectures: [(code: String, name: String, short: [String])] = [
        ("430100", "长沙市", ["长沙"]), ("430200", "株洲市", ["株洲"]), ("430300", "湘潭市", ["湘潭"]),
        ("430400", "衡阳市", ["衡阳"]), ("430500", "邵阳市", ["邵阳"]), ("430600", "岳阳市", ["岳阳"]),
        ("430700", "常德市", ["常德"]), ("430800", "张家界市", ["张家界"]), ("430900", "益阳市", ["益阳"]),
        ("431000", "郴州市", ["郴州"]), ("431100", "永州市", ["永州"]), ("431200", "怀化市", ["怀化"]),
        ("431300", "娄底市", ["娄底"]), ("433100", "湘西土家族苗族自治州", ["湘西州", "湘西"]),
    ]

    /// What a written place is in Hunan's divisions.
    public enum Match: Equatable, Sendable {
        /// The place in full official names — "湖南省长沙市芙蓉区" — and what followed them as written.
        case area(String)
        /// A prefecture named with a county-like name that is not one of its counties ("长沙市火星区").
        case unknownCounty(prefecture: String, written: String)
        /// Not a place in Hunan.
        case outside
    }

    /// A place as people write it — "长沙市芙蓉区", "湖南长沙芙蓉区", "浏阳市", "湘西州吉首市" — in full
    /// official names under the province. A county named alone is found when only one prefecture has it.
    public static func match(_ place: String) -> Match {
        var text = Substring(place.filter { !$0.isWhitespace })
        var named = false
        for province in ["湖南省", "湖南"] where text.hasPrefix(province) {
            text = text.dropFirst(province.count)
            named = true
            break
        }
        let byName = prefecturesByName
        // a county on its own ("浏阳市", "长沙县" — whose name starts like its prefecture's): when one prefecture has it
        let alone = prefectures.compactMap { prefecture in county(at: text, of: prefecture.code, shortened: false).map { (prefecture, $0) } }
        if let (written, prefecture) = byName.first(where: { text.hasPrefix($0.0) }) {
            let rest = text.dropFirst(written.count)
            if rest.isEmpty { return .area("湖南省" + prefecture.name) }
            if let (county, after) = county(at: rest, of: prefecture.code) { return .area("湖南省" + prefecture.name + county + after) }
            if alone.count == 1, let (owner, (county, after)) = alone.first { return .area("湖南省" + owner.name + county + after) }
            if rest.count <= 6, let last = rest.last, "区县市旗".contains(last) {
                return .unknownCounty(prefecture: prefecture.name, written: String(rest))
            }
            return .area("湖南省" + prefecture.name + rest)
        }
        if alone.count == 1, let (prefecture, (county, after)) = alone.first { return .area("湖南省" + prefecture.name + county + after) }
        return named ? .area("湖南省" + text) : .outside
    }

    /// The county of `prefecture` that `text` starts with (by its full name, or — `shortened`, after its
    /// prefecture — without 区/县/市 where two characters or more remain), and what follows it.
    static func county(at text: Substring, of prefecture: String, shortened: Bool = true) -> (String, Substring)? {
        for county in counties[prefecture] ?? [] {
            if text.hasPrefix(county.name) { return (county.name, text.dropFirst(county.name.count)) }
            guard shortened else { continue }
            let short = county.name.count > 2 ? String(county.name.dropLast()) : county.name
            if short.count >= 2, text.hasPrefix(short), !text.dropFirst(short.count).hasPrefix("市") || county.name.hasSuffix("市") {
                return (county.name, text.dropFirst(short.count).drop { "区县市".contains($0) })
            }
        }
        return nil
    }

    /// Every name of every prefecture (full and short), longest first: built once.
    static let prefecturesByName: [(String, (code: String, name: String, short: [String]))] =
        prefectures.flatMap { prefecture in ([prefecture.name] + prefecture.short).map { ($0, prefecture) } }
            .sorted { $0.0.count > $1.0.count }

    /// The first county of a prefecture (by its name), for an example in an error message.
    public static func firstCounty(of prefectureName: String) -> String {
        prefectures.first { $0.name == prefectureName }.flatMap { counties[$0.code]?.first?.name } ?? ""
    }

    /// Every county's full name ("湖南省长沙市芙蓉区"), grouped by prefecture in code order: the choices
    /// of an area field's picker.
    public static let areaChoices: [(prefecture: String, areas: [(value: String, county: String)])] =
        prefectures.map { prefecture in
            (prefecture.name, (counties[prefecture.code] ?? []).map { ("湖南省" + prefecture.name + $0.name, $0.name) })
        }

    /// A county's full name under the province ("湖南省湘潭市湘潭县") by its six-digit code: an area
    /// field's value, from a registry's division code.
    public static func area(code: String) -> String? {
        let prefectureCode = String(code.prefix(4)) + "00"
        guard let prefecture = prefectures.first(where: { $0.code == prefectureCode }),
              let county = counties[prefectureCode]?.first(where: { $0.code == code }) else { return nil }
        return "湖南省" + prefecture.name + county.name
    }

    /// The code of the county a written place names ("长沙市芙蓉区", "湖南省湘潭市湘潭县", "430321").
    public static func code(ofArea place: String) -> String? {
        if place.count == 6, place.allSatisfy(\.isASCII), area(code: place) != nil { return place }
        guard let full = inHunan(place) else { return nil }
        for prefecture in prefectures {
            let prefix = "湖南省" + prefecture.name
            guard full.hasPrefix(prefix) else { continue }
            let rest = full.dropFirst(prefix.count)
            return counties[prefecture.code]?.first { rest == $0.name }?.code
        }
        return nil
    }

    /// The place as written under the province, in official names; nil when it is not in Hunan or
    /// names a county the prefecture does not have.
    public static func inHunan(_ place: String) -> String? {
        if case .area(let area) = match(place) { return area }
        return nil
    }
}
