import Testing
@testable import YiwangDomain

@Suite("Message templates")
struct MessageTemplateTests {
    @Test("variables are filled; a missing one is caught before anything is sent")
    func render() throws {
        let text = try MessageTemplate.certificateIssued.render(["service": "药品生产许可证核发", "link": "https://zwfw.example.cn/c/Ab3dEf9h"])
        #expect(MessageTemplate.smsSignature + text == "【湖南政务】您申请的药品生产许可证核发已办结，电子证照：https://zwfw.example.cn/c/Ab3dEf9h")
        #expect(MessageTemplate.certificateIssued.variables == ["service", "link"])
        #expect(throws: MessageTemplate.MissingVariable(template: "certificateIssued", name: "link")) {
            try MessageTemplate.certificateIssued.render(["service": "x"])
        }
        #expect(try MessageTemplate.caseProgress.render(["service": "a", "receipt": "1", "step": "受理", "detail": ""]) == "您申请的a（办件编号 1）受理。")
        for template in MessageTemplate.allCases {
            #expect(!template.variables.isEmpty && !template.text.contains("【"), "\(template)")
        }
    }
}
