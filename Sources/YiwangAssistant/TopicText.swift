/// What is left of a message when the question words and function words are taken out: the part
/// that names a situation or a service. Empty for a pure follow-up like "要带啥材料".
enum TopicText {
    static let fillers = [
        "我们公司", "我公司", "本公司", "我们单位", "我们厂", "申请", "办理", "申报", "手续", "业务", "事项", "部门",
        "下一步", "接下来", "请问", "一下", "大概", "一般", "需要", "可以", "对了", "还有", "那个", "这个", "什么", "怎么", "怎样", "如何",
        "多少", "哪些", "是不是", "有没有", "要不要", "能不能", "我们", "你们", "他们", "自己", "的话", "的", "了", "吗",
        "呢", "啊", "吧", "呀", "么", "嘛", "哦", "要", "能", "想", "我", "你", "他", "她", "它", "得", "也", "就", "都",
        "还", "又", "在", "是", "有", "和", "跟", "把", "被", "给", "去", "来", "办", "弄", "搞", "不", "没", "啥", "吧",
    ]

    static func strip(_ normalized: String) -> String {
        var text = normalized
        for (_, words) in IntentDetector.rules {
            for word in words { text = text.replacingOccurrences(of: word, with: " ") }
        }
        for word in fillers { text = text.replacingOccurrences(of: word, with: " ") }
        let spaced = String(text.map { $0.isPunctuation || $0.isSymbol ? " " : $0 })
        return spaced.split(separator: " ").joined(separator: " ")
    }
}
