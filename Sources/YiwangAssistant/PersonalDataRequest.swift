import Foundation

/// Recognises a request for personal data that is not the asker's own, from what the message asks
/// rather than from a list of phrasings. A message is read for three things:
///
/// - **what** is asked for: a kind of personal data or record (身份证号, 手机号, 住址, 办件, 记录,
///   个人信息 …);
/// - **whose**: someone else (别人, 邻居, 那个人, "张三的手机号", a number followed by 的人), or
///   everyone (所有用户, 全部申请人, 名单);
/// - **how**: asking to be given it (查, 调取, 告诉我, 列出, 导出 …), or on a claimed authority
///   (我是管理员, 作为工作人员, 办案需要).
///
/// Another person's data asked for, personal data asked for in bulk, or personal data asked for on
/// a claimed authority is declined, whatever service the message also names. Asking about one's
/// own data ("我的办件进度", "我的手机号换了") or about what a service needs ("要带老人的身份证吗") is
/// not such a request.
public enum PersonalDataRequest: String, Sendable, CaseIterable {
    /// Another person's data or records.
    case othersData = "others_data"
    /// Personal data of many people at once.
    case bulk = "bulk_personal_data"
    /// Personal data asked for on a claimed authority (管理员, 工作人员, 警察 …).
    case authorityClaim = "authority_claim"

    /// What 小自然 says when the rules file names no reply for the request's category.
    public static let defaultReply = "为保护个人信息，我不能查询或提供他人的个人信息，也不能批量提供个人数据。如需办理与本人有关的事项，请登录后在“我的办件”中查看；确有法定需要的，请向有关部门依法申请。"

    /// Kinds of personal data and personal records.
    static let personalData = ["身份证号", "身份证号码", "身份证", "证件号", "手机号", "手机号码", "电话号码", "电话", "联系方式",
                               "住址", "地址", "住在哪", "住哪", "家住", "户籍", "户口信息", "个人信息", "隐私", "银行卡", "银行账号",
                               "存款", "收入", "婚姻状况", "开房记录", "行踪", "社保记录", "医保记录", "密码", "账号",
                               "办件", "办件记录", "申请记录", "办理记录", "办理情况", "办理进度", "审批记录", "证照", "档案",
                               "资料", "信息", "记录", "数据", "名单", "名册", "清单"]
    /// The identifiers among them: "张三的手机号" asks for someone's identifier, "高龄津贴的办理进度"
    /// asks about a service.
    static let identifiers = ["身份证号", "身份证号码", "证件号", "手机号", "手机号码", "电话号码", "电话", "联系方式", "住址",
                              "家庭住址", "户籍", "户口信息", "个人信息", "银行卡", "银行账号", "婚姻状况", "开房记录", "行踪"]
    /// Asking to be given something.
    static let retrieval = ["查", "查询", "查一下", "查查", "查找", "查看", "调取", "调出", "调阅", "找出", "找到", "告诉我",
                            "发给我", "发我", "给我", "提供给我", "列出", "列一下", "罗列", "导出", "下载", "打印出", "获取",
                            "拿到", "透露", "泄露", "显示", "看看", "看一下", "公开", "共享给我", "是多少", "住在哪", "住哪"]
    /// Someone other than the asker.
    static let others = ["别人", "他人", "其他人", "其他用户", "别的用户", "某人", "某某", "这个人", "那个人", "此人", "该人", "对方",
                         "邻居", "隔壁", "同事", "朋友", "同学", "亲戚", "前妻", "前夫", "前任", "老板", "员工", "房东", "租客",
                         "陌生人", "网友", "他的", "她的", "他们的", "她们的", "人家的", "那人", "这人", "的人的", "的那个人",
                         "号码的人", "的主人", "机主", "持有人"]
    /// Everyone, or many.
    static let bulkMarkers = ["所有", "全部", "全体", "每个", "每一个", "一批", "批量", "名单", "名册", "列表", "清单", "汇总", "打包",
                              "全量", "所有人", "大家的"]
    /// What bulk requests ask for: identifiers and records, not a service's 材料 or 资料.
    static let bulkData = identifiers + ["办件", "记录", "名单", "名册", "数据", "档案", "个人信息", "身份证"]
    /// People in general, as bulk requests name them.
    static let people = ["用户", "市民", "居民", "公民", "群众", "申请人", "办件人", "人员", "人的", "老人", "账号", "注册"]
    /// A claimed authority.
    static let authorities = ["我是管理员", "我是系统管理员", "我是超级管理员", "我是工作人员", "我是内部人员", "我是警察", "我是民警",
                              "我是公安", "我是领导", "我是局长", "我是处长", "我是科长", "我是开发者", "我是程序员", "我是技术人员",
                              "我是审计员", "我是客服", "我是政府", "作为管理员", "作为工作人员", "作为警察", "以管理员身份",
                              "管理员权限", "最高权限", "root权限", "内部人员", "办案需要", "执法需要", "调查需要", "上级要求", "领导要求"]
    /// Ways of saying the data is one's own.
    static let own = ["我的", "我自己的", "本人的", "自己的", "我本人"]

    /// What the message asks, if it is such a request. `normalized` is the assistant's normalized
    /// text (NFKC, lower case, simplified), with personal numbers as they came or already redacted.
    public static func classify(_ normalized: String) -> PersonalDataRequest? {
        let text = normalized.replacingOccurrences(of: " ", with: "")
        let asksData = personalData.contains { text.contains($0) }
        let retrieves = retrieval.contains { text.contains($0) }
        if claimsAuthority(text), asksData || retrieves { return .authorityClaim }
        guard asksData else { return nil }
        let bulk = bulkMarkers.contains { text.contains($0) } && people.contains { text.contains($0) }
            && bulkData.contains { text.contains($0) }
        // a list of persons asked to be given — not where a list is published (公示)
        let list = ["名单", "名册", "花名册"].contains { text.contains($0) } && retrieves && !text.contains("公示")
        if (bulk && retrieves) || list { return .bulk }
        guard retrieves else { return nil }
        if others.contains(where: { text.contains($0) }) || numberNamesAPerson(text) || possessedIdentifier(text) {
            return .othersData
        }
        return nil
    }

    /// "我是管理员", "作为工作人员", "我是市政府的", "我是派出所民警": speaking as someone with powers.
    static func claimsAuthority(_ text: String) -> Bool {
        if authorities.contains(where: { text.contains($0) }) { return true }
        return text.range(of: #"(我是|我们是|作为)[^，。,.!?？！]{0,8}(政府|公安|派出所|法院|检察院|纪委|监委|民政局|人社局|税务局|局的|厅的|委的|街道|居委会|村委会|执法|办案|内部)"#,
                          options: .regularExpression) != nil
    }

    /// "身份证430102…的人", "手机号是139…的用户": a number that stands for somebody.
    static func numberNamesAPerson(_ text: String) -> Bool {
        text.range(of: #"([0-9x]{11,18}|［(身份证号|手机号)］)(这个|那个)?的?(人|用户|机主|主人|那位|家伙)"#, options: .regularExpression) != nil
    }

    /// "张三的手机号", "老王的住址": an identifier possessed by someone named, who is not the asker
    /// (我, 本人, 自己) nor a company or service.
    static func possessedIdentifier(_ text: String) -> Bool {
        for identifier in identifiers {
            var searchRange = text.startIndex..<text.endIndex
            while let found = text.range(of: "的" + identifier, range: searchRange) {
                let possessor = String(text[..<found.lowerBound].suffix(4))
                let ownOrOrganisation = ["我", "本人", "自己", "我们", "公司", "企业", "单位", "部门", "机构", "大厅", "窗口", "医院",
                                         "派出所", "政府", "中心", "热线"].contains { possessor.hasSuffix($0) }
                if !ownOrOrganisation, possessor.unicodeScalars.last.map({ $0.properties.isUnifiedIdeograph }) == true,
                   !own.contains(where: { text.contains($0 + identifier) }) {
                    return true
                }
                searchRange = found.upperBound..<text.endIndex
            }
        }
        return false
    }
}
