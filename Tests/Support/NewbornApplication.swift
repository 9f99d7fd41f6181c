/// A complete merged form of 新生儿出生一件事 (HN-YJS-001) for a mother born 1985 and a child born
/// 2026-11-30, taking the father's 户口: what the domain and the server tests fill in.
public enum NewbornApplication {
    public static let answers = ["birth_place": "医疗机构内", "parents_marriage": "已登记结婚", "social_security_card": "需要"]

    public static let values: [String: String] = [
        "applicant_name": "李红", "applicant_id_number": "43010219850612003X", "applicant_phone": "13800000001",
        "applicant_relation": "母亲", "mother_name": "李红", "mother_id_number": "43010219850612003X",
        "father_name": "王强", "father_id_number": "430102198303050019", "child_name": "王小宝", "child_sex": "女",
        "child_birth_date": "2026-11-30", "child_ethnicity": "汉族", "birth_institution": "湖南省妇幼保健院",
        "birth_area": "湖南省长沙市开福区", "settle_with": "随父落户", "household_address": "湖南省长沙市开福区湘江路1号",
        "insured_area": "湖南省长沙市开福区", "head_of_household_name": "王强", "cooperative_bank": "中国工商银行",
        "collect_method": "窗口领取",
    ]
}
