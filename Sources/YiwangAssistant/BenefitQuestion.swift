/// "我能领什么补贴": the asker wants to know which benefits are theirs — an open question (什么, 哪些,
/// 有没有) about benefits in general (补贴, 津贴, 待遇, 惠企政策 …), about themselves or their company,
/// not about a relative (the answer comes from the asker's own registry facts) and not about one named
/// benefit (that is a question about its conditions, answered from its guide).
public enum BenefitQuestion {
    static let benefits = ["补贴", "津贴", "补助", "福利", "待遇", "优惠政策", "惠民政策", "惠企政策", "扶持政策", "奖补", "免申即享",
                           "政策红利", "能享受的政策", "可以享受的政策", "享受哪些政策", "享受什么政策"]
    static let open = ["什么", "哪些", "哪几", "啥", "有没有", "有哪", "多少种", "可以享受", "能享受"]
    static let own = ["我", "本人", "咱", "我们", "本公司", "我公司", "我单位", "我们公司", "我们单位", "我家企业"]
    static let relatives = ["父亲", "母亲", "爸", "妈", "老人家", "家里老人", "孩子", "儿子", "女儿", "爷爷", "奶奶", "外公", "外婆",
                            "老伴", "配偶", "丈夫", "妻子", "老公", "老婆", "家人", "亲戚", "朋友", "邻居", "别人"]
    /// Benefits named outright: a question about one of them is about its conditions.
    static let named = ["高龄津贴", "残疾人生活补贴", "护理补贴", "稳岗返还", "扩岗补助", "失业保险金", "低保", "最低生活保障",
                        "技能提升补贴", "丧葬补助", "抚恤金", "生育津贴", "住房补贴", "创业补贴", "养老金"]

    public static func isAsked(_ message: String) -> Bool {
        let text = message.filter { !$0.isWhitespace }
        return benefits.contains(where: text.contains) && open.contains(where: text.contains) && own.contains(where: text.contains)
            && !relatives.contains(where: text.contains) && !named.contains(where: text.contains)
    }
}
