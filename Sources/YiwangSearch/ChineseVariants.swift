/// Traditional → simplified for the characters citizens most often type in government-service
/// questions (names of items, documents, family, places, money, time). Not a full converter:
/// characters not listed pass through unchanged.
enum ChineseVariants {
    /// Pairs of (traditional, simplified), written as one string of alternating characters.
    private static let pairs = """
    書书車车馬马門门開开關关長长東东業业產产藥药醫医證证險险會会號号區区辦办買买賣卖當当從从們们\
    來来這这個个為为學学國国機机記记請请許许歲岁動动駕驾駛驶戶户遷迁養养處处務务療疗殘残補补貼贴\
    護护費费資资質质測测繪绘礦矿權权設设規规劃划築筑營营經经聯联勞劳衛卫環环運运輸输輛辆貨货稅税\
    廠厂鄉乡鎮镇縣县齡龄禮礼與与兒儿孫孙親亲員员單单發发現现應应該该嗎吗麼么還还沒没過过時时間间\
    問问題题點点錢钱額额數数據据碼码電电話话網网絡络線线準准備备須须樣样種种類类總总結结審审驗验\
    認认舊旧樓楼層层屬属變变換换領领歸归給给報报銷销異异轉转續续參参繳缴標标貧贫難难寫写讀读師师\
    執执註注冊册職职專专獎奖勵励創创優优汙污評评遊游團团導导橋桥鐵铁軌轨讓让說说謝谢對对錯错幫帮\
    價价貴贵廳厅組组織织構构計计圖图紙纸檔档擬拟議议選选舉举廢废棄弃氣气熱热燈灯飲饮鹽盐飯饭麵面\
    餅饼雞鸡魚鱼蘋苹償偿齒齿腦脑體体髮发顏颜臉脸聽听見见覺觉視视愛爱婦妇媽妈爺爷壽寿礙碍啟启傳传\
    統统萬万億亿兩两幾几隻只張张條条歷历曆历週周臺台灣湾葉叶麗丽華华陽阳陰阴嶽岳婁娄懷怀龍龙鳳凤\
    黃黄紅红綠绿藍蓝術术藝艺樂乐聲声響响賬账貸贷儲储銀银鋼钢錄录鑑鉴監监檢检獲获匯汇際际邊边遠远\
    誰谁讚赞論论訴诉訟讼辯辩紀纪齊齐濟济壓压廣广慶庆態态蘇苏寧宁遼辽陝陕晉晋魯鲁閩闽贛赣粵粤滬沪\
    瓊琼雲云臨临暫暂約约級级絲丝綜综緊紧縮缩績绩繼继編编練练細细終终絕绝維维綱纲纜缆婚婚離离異异\
    醫医險险齡龄補补貼贴殘残疾疾戶户籍籍遷迁換换駕驾照照證证件件頭头髮发親亲屬属\
    創创業业執执照照個个體体工工商商註注銷销變变更更備备案案許许可可證证
    """

    /// Keyed by the traditional character's scalar value: hashing a number is far cheaper than
    /// hashing a `Character`, and this runs for every character indexed or searched.
    static let table: [UInt32: Unicode.Scalar] = {
        var table: [UInt32: Unicode.Scalar] = [:]
        var characters = pairs.filter { !$0.isWhitespace && $0 != "\\" }.makeIterator()
        while let traditional = characters.next(), let simplified = characters.next() {
            if traditional != simplified, let scalar = traditional.unicodeScalars.first,
               let target = simplified.unicodeScalars.first {
                table[scalar.value] = target
            }
        }
        return table
    }()

    static func simplify(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.value >= 0x3400 ? table[scalar.value] ?? scalar : scalar
    }

    /// The text with every listed traditional character simplified.
    static func simplify(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(simplify(scalar)) }
        return String(result)
    }
}
