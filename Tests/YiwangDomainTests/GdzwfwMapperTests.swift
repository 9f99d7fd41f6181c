import Foundation
import Testing
import YiwangDomain

@Suite("Portal record mapping")
struct GdzwfwMapperTests {
    static let record = #"""
    {"TASK_CODE":"114400001","ORGCODE":"006939756","TASK_TYPE_TEXT":"公共服务","DEPT_NAME":"广东省某厅","TASK_NAME":"某项服务",
     "handle_time":"20(工作日)","handle_time_limit":"无","visit_number":"1","handle_location":"办理地点：广州市某路1号",
     "consult_phone":"020-12345","accept_standard":"无条件受理","material_intro":["申请表","申请表"," "],
     "service_object_name":["自然人","企业法人"],"URL":"https://example.gov.cn/x"}
    """#

    @Test("fields map onto the guide")
    func maps() throws {
        let (department, item) = try GdzwfwRecordMapper().map(record: Self.record)
        #expect(department.code == "GD-006939756")
        #expect(department.name == "广东省某厅")
        #expect(item.code == "114400001")
        #expect(item.type == .publicService)
        #expect(item.statutoryDays == 20)
        #expect(item.promisedDays == nil)
        #expect(item.onlineLevel == .onlineWithOnsiteCheck)
        #expect(item.materials.map(\.name) == ["申请表"])
        #expect(item.conditions.isEmpty)
        #expect(item.applicantTypes == [.naturalPerson, .legalPerson])
        #expect(item.location?.address == "广州市某路1号")
        #expect(item.sourceUrl == "https://example.gov.cn/x")
    }

    @Test("bad records are rejected with the field named", arguments: [
        ("{", "JSON"), (#"{"TASK_NAME":"x"}"#, "TASK_CODE"),
        (#"{"TASK_CODE":"1","TASK_NAME":"x","DEPT_NAME":"d","TASK_TYPE_TEXT":"行政许可","handle_time":"很快"}"#, "handle_time"),
        (#"{"TASK_CODE":"1","TASK_NAME":"x","DEPT_NAME":"d","TASK_TYPE_TEXT":"奇怪类型"}"#, "事项类型"),
        (#"{"TASK_CODE":"1/../2","TASK_NAME":"x","DEPT_NAME":"d","TASK_TYPE_TEXT":"行政许可"}"#, "TASK_CODE"),
        (#"{"TASK_CODE":"1","TASK_NAME":"x","DEPT_NAME":"d","TASK_TYPE_TEXT":"行政许可","handle_time":"5(工作日)","handle_time_limit":"9(工作日)"}"#, "承诺时限"),
    ])
    func rejects(record: String, mention: String) {
        #expect {
            try GdzwfwRecordMapper().map(record: record)
        } throws: { error in
            (error as? ImportRejection)?.reason.contains(mention) == true
        }
    }

    @Test("time-limit text", arguments: [
        ("30(工作日)", 30, LimitUnit.workingDays), ("15（自然日）", 15, .calendarDays), ("7个工作日", 7, .workingDays),
        ("即办", 0, .workingDays),
    ])
    func limits(text: String, days: Int, unit: LimitUnit) {
        #expect(TimeLimitText.parse(text) == .init(days: days, unit: unit))
    }

    @Test("no limit and nonsense are told apart")
    func noLimit() {
        #expect(TimeLimitText.parse("无") == .init(days: nil, unit: nil))
        #expect(TimeLimitText.parse(nil) == .init(days: nil, unit: nil))
        #expect(TimeLimitText.parse("三十天") == nil)
        #expect(TimeLimitText.parse("30(月)") == nil)
        #expect(TimeLimitText.parse("99999(工作日)") == nil)
    }

    @Test("line numbers count blank lines too")
    func lineNumbers() {
        let lines = GdzwfwRecordMapper().map(lines: [Substring(Self.record.replacingOccurrences(of: "\n", with: "")), "", "{"])
        guard case .item(let first, _, _) = lines[0], case .skipped(let third, _) = lines[1] else {
            Issue.record("unexpected \(lines)"); return
        }
        #expect(first == 1)
        #expect(third == 3)
    }
}
