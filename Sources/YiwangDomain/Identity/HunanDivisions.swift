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

    /// The place as written under the province: "湖南省" put in front of a place that starts with one
    /// of Hunan's prefectures; nil when it names neither the province nor one of them.
    public static func inHunan(_ place: String) -> String? {
        let text = place.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("湖南") { return text }
        let names = prefectures.flatMap { [$0.name] + $0.short }.sorted { $0.count > $1.count }
        guard names.contains(where: text.hasPrefix) else { return nil }
        return "湖南省" + text
    }
}
