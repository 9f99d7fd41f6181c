/// What a citizen's message asks for.
public enum Intent: String, Sendable, Codable, CaseIterable {
    /// Which service fits my situation?
    case whichService = "which_service"
    case materials
    case timeLimit = "time_limit"
    case fee
    case location
    case online
    case eligibility
    case process
    /// Greetings and thanks.
    case chitchat
    /// Outside what the platform can answer.
    case outOfScope = "out_of_scope"
    /// The question could mean more than one service.
    case clarify
    /// The person wants to apply now (边聊边办).
    case apply
}

/// Finds the question in a message by the words people use for it. Order matters: the first rule
/// that matches wins ("能在手机上办吗" is about online service before it is about eligibility).
public enum IntentDetector {
    static let rules: [(Intent, [String])] = [
        (.online, ["网上", "手机上", "手机", "线上", "网办", "在线", "不用跑", "跑现场", "跑一趟", "小程序", "app", "电脑上", "全程网"]),
        (.timeLimit, ["多久", "多长时间", "几天", "多少天", "几个工作日", "时限", "什么时候能", "多快", "期限", "提前几天", "要多少时间", "能下来", "多久下来", "当天", "几天能拿", "多久能拿", "拿证要"]),
        (.fee, ["多少钱", "收费", "费用", "交钱", "要钱", "收不收", "交费", "缴费", "免费", "工本费", "花钱", "收钱"]),
        (.location, ["在哪", "哪里", "哪儿", "地址", "哪个部门", "什么部门", "到哪", "去哪", "窗口", "报到哪", "哪个单位", "电话多少", "咨询电话"]),
        (.materials, ["材料", "带什么", "带啥", "准备什么", "准备哪些", "准备啥", "要啥东西", "什么东西", "提交什么", "哪些资料", "资料"]),
        (.process, ["流程", "步骤", "怎么办理", "怎么申请", "如何办理", "如何申请", "程序", "代办", "替他", "替她", "替我", "帮他办", "帮她办", "委托", "代理"]),
        (.eligibility, ["能不能", "能否", "条件", "什么样的人", "谁能", "谁可以", "符合", "资格", "能领", "能报", "能办", "可以领", "可以办", "可以报", "多少户", "同意才能", "够不够"]),
    ]

    static let greetings = ["你好", "您好", "在吗", "谢谢", "多谢", "感谢", "hello", "hi", "早上好", "晚上好", "辛苦了", "再见", "拜拜"]
    /// Words that may stand around a greeting or thanks without making it a question.
    static let courtesies = ["好的", "好嘞", "知道了", "明白了", "收到", "帮大忙了", "太好了", "麻烦了", "辛苦", "你", "您",
                             "啊", "呀", "呢", "吧", "哈", "嗯", "哦", "啦", "了", "小自然"]

    /// Saying one wants to apply, as opposed to asking about applying ("我要办什么证").
    static let applyPhrases = ["我要办", "我要申请", "我想申请", "我要申报", "我想办理", "我要办理", "帮我申请", "帮我办",
                               "立即申报", "在线申报", "现在申请", "开始申请", "开始申报", "马上申请"]
    static let questionWords = ["什么", "哪些", "哪个", "哪里", "怎么", "如何", "吗", "么", "多久", "多少", "能不能", "?", "？"]

    /// Words that ask for the whole of a matter rather than one thing: which procedures, all of them, together.
    static let everything = ["哪些", "哪几", "手续", "都要", "都得", "一起", "一并", "全部", "所有", "一条龙", "要办什么", "办什么", "办些",
                             "这些", "要跑", "办齐", "一次办"]

    /// Whether the message asks for everything there is to do (哪些手续, 一起办).
    public static func asksForEverything(_ normalized: String) -> Bool {
        everything.contains(where: normalized.contains)
    }

    /// The question asked, or nil when the message only describes a situation.
    public static func question(in normalized: String) -> Intent? {
        if applyPhrases.contains(where: normalized.contains), !questionWords.contains(where: normalized.contains) {
            return .apply
        }
        for (intent, words) in rules where words.contains(where: normalized.contains) { return intent }
        return nil
    }

    /// A message that is only greetings, thanks and courtesies.
    public static func isChitchat(_ normalized: String) -> Bool {
        guard greetings.contains(where: normalized.contains), normalized.count <= 30 else { return false }
        var rest = normalized
        for word in (greetings + courtesies).sorted(by: { $0.count > $1.count }) {
            rest = rest.replacingOccurrences(of: word, with: "")
        }
        return rest.allSatisfy { $0.isPunctuation || $0.isWhitespace || $0.isSymbol }
    }
}
