import Fluent
import Foundation
import YiwangDomain

/// Messages for staff (留言): checked, then stored for the staff queue.
struct TicketService {
    static let maxMessageLength = 1000

    let database: any Database
    let vault: PersonalDataVault

    func create(message raw: String?, contact rawContact: String?, sessionID: String?) async throws -> AssistantTicketRecord {
        let message = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let contact = (rawContact ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FieldErrors()
        if message.count < 5 { errors.add("message", "请写下您的问题（至少 5 个字）") }
        if message.count > Self.maxMessageLength { errors.add("message", "留言不能超过 \(Self.maxMessageLength) 个字") }
        if !contact.isEmpty && !Self.isContact(contact) {
            errors.add("contact", "联系方式须为 11 位手机号码或电子邮箱")
        }
        guard errors.isEmpty else { throw errors }
        let ticket = AssistantTicketRecord()
        ticket.message = try vault.seal(message)
        ticket.contact = try vault.seal(contact.isEmpty ? nil : contact)
        ticket.sessionID = sessionID.flatMap { $0.count <= 64 ? $0 : nil }
        ticket.status = "待处理"
        try await ticket.create(on: database)
        return ticket
    }

    static func isContact(_ text: String) -> Bool {
        // the same rule as the OpenAPI document's pattern for `contact`
        text.count <= 100 && (text.wholeMatch(of: /1[3-9][0-9]{9}/) != nil || text.wholeMatch(of: /[^\s@]+@[^\s@]+\.[^\s@]+/) != nil)
    }
}
