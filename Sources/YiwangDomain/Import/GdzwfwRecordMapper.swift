import Foundation

/// Maps records of the Guangdong government-service portal (gdzwfw, one JSON object a line) to items
/// of the catalog: name, department, type, limits, materials, location, phone and conditions.
public struct GdzwfwRecordMapper: Sendable {
    public init() {}

    /// Maps every non-blank line; a bad line becomes `.skipped` with its number and reason.
    public func map(lines: some Sequence<Substring>) -> [ImportLine] {
        var result: [ImportLine] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                let (department, item) = try map(record: String(trimmed))
                result.append(.item(line: index + 1, department: department, item: item))
            } catch {
                result.append(.skipped(line: index + 1, reason: error.reason))
            }
        }
        return result
    }

    public func map(record: String) throws(ImportRejection) -> (Department, ServiceItem) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(record.utf8))) as? [String: Any] else {
            throw ImportRejection("不是有效的 JSON 对象")
        }
        func text(_ key: String) -> String? {
            guard let value = object[key] as? String else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty || trimmed == "无" ? nil : trimmed
        }
        guard let code = text("TASK_CODE") else { throw ImportRejection("缺少事项编码 TASK_CODE") }
        guard code.count <= 64, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ImportRejection("事项编码 TASK_CODE 格式不对：\(code.prefix(70))")
        }
        guard let name = text("TASK_NAME") else { throw ImportRejection("缺少事项名称 TASK_NAME") }
        guard let departmentName = text("DEPT_NAME") else { throw ImportRejection("缺少实施机关 DEPT_NAME") }
        guard let typeText = text("TASK_TYPE_TEXT") ?? text("matter_type") else {
            throw ImportRejection("缺少事项类型 TASK_TYPE_TEXT")
        }
        guard let type = ServiceType(rawValue: typeText) else {
            throw ImportRejection("无法识别的事项类型：\(typeText)")
        }
        guard let statutory = TimeLimitText.parse(object["handle_time"] as? String) else {
            throw ImportRejection("法定时限 handle_time 无法识别：\(object["handle_time"] ?? "")")
        }
        guard let promised = TimeLimitText.parse(object["handle_time_limit"] as? String) else {
            throw ImportRejection("承诺时限 handle_time_limit 无法识别：\(object["handle_time_limit"] ?? "")")
        }
        let department = Department(
            code: departmentCode(organisationCode: text("ORGCODE"), name: departmentName),
            name: departmentName, shortName: departmentName, phone: text("consult_phone")
        )
        let item = ServiceItem(
            code: code, name: name, type: type,
            applicantTypes: applicantTypes(object["service_object_name"]),
            conditions: conditions(text("accept_standard")),
            materials: materials(object["material_intro"]),
            statutoryDays: statutory.days, promisedDays: promised.days,
            statutoryUnit: statutory.unit, promisedUnit: promised.unit,
            limitSource: "广东政务服务网“\(name)”（\(departmentName)）：法定时限 \(text("handle_time") ?? "无")，承诺时限 \(text("handle_time_limit") ?? "无")",
            onlineLevel: onlineLevel(visits: text("visit_number")),
            visits: text("visit_number").flatMap { Int($0) },
            location: location(text("handle_location"), phone: text("consult_phone")),
            sourceUrl: text("URL")
        )
        let problems = CatalogValidator(standard: .minimal).validate(item)
        if let first = problems.first { throw ImportRejection("\(first.path)：\(first.message)") }
        return (department, item)
    }

    /// Imported departments are keyed by their organisation code, so re-imports find them again.
    func departmentCode(organisationCode: String?, name: String) -> String {
        if let organisationCode, organisationCode.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            return "GD-\(organisationCode.uppercased())"
        }
        return "GD-\(StableHash.hex(name).prefix(10).uppercased())"
    }

    func applicantTypes(_ value: Any?) -> [ApplicantType] {
        let names = value as? [String] ?? []
        var types: [ApplicantType] = []
        if names.contains("自然人") { types.append(.naturalPerson) }
        if names.contains(where: { $0.hasSuffix("法人") }) { types.append(.legalPerson) }
        if names.contains(where: { $0 == "其他组织" || $0 == "非法人企业" || $0 == "行政机关" }) {
            types.append(.otherOrganisation)
        }
        return types.isEmpty ? [.naturalPerson, .legalPerson] : types
    }

    func materials(_ value: Any?) -> [Material] {
        let names = (value as? [String] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && $0 != "无" }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }.enumerated().map { index, name in
            Material(
                id: "material_\(index + 1)", name: name, required: true, form: .electronic, copies: 1,
                fileTypes: [.pdf, .jpg, .png], maxSizeMb: 10, maxFiles: 5
            )
        }
    }

    func conditions(_ text: String?) -> [String] {
        guard let text else { return [] }
        let placeholders: Set<String> = ["无条件受理", "无受理条件", "无条件办理", "直接申请"]
        return placeholders.contains(text) ? [] : [text]
    }

    func onlineLevel(visits: String?) -> OnlineLevel {
        switch visits.flatMap({ Int($0) }) {
        case 0?: .fullyOnline
        case 1?: .onlineWithOnsiteCheck
        default: .onsite
        }
    }

    func location(_ raw: String?, phone: String?) -> ServiceLocation? {
        guard var address = raw, address != "无线下办理" else { return nil }
        for prefix in ["办理地点：", "办理地点:"] where address.hasPrefix(prefix) {
            address = String(address.dropFirst(prefix.count))
        }
        return ServiceLocation(address: address, phone: phone ?? "", hours: "")
    }
}
