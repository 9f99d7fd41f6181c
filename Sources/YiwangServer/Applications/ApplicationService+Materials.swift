import Fluent
import Foundation
import YiwangDomain

extension ApplicationService {
    /// Adds a file to a material slot after checking it by content, size and count.
    func upload(_ bytes: [UInt8], fileName: String?, materialID: String, to draft: ApplicationDraftRecord) async throws -> UploadedFileRecord {
        guard try await acceptsMaterials(draft) else { throw ServiceError.conflict("这份申请已经提交，不能再上传材料") }
        let guide = try await item(code: draft.serviceCode)
        guard let material = guide.item.materials.first(where: { $0.id == materialID }) else {
            throw ServiceError.notFound("这个事项没有这项材料")
        }
        return try await attach(bytes, fileName: fileName, material: material,
                                limit: material.maxFiles * (draft.status == .draft ? 1 : 2),  // 补正 adds beside what was seen
                                to: draft)
    }

    /// Stores a file for `material` in the draft after checking it by content, size and count
    /// (at most `limit` files): an item's material or a 一件事's upload slot alike.
    func attach(_ bytes: [UInt8], fileName: String?, material: Material, limit: Int, to draft: ApplicationDraftRecord) async throws -> UploadedFileRecord {
        let materialID = material.id
        let type: FileType
        switch FileContent.check(bytes, for: material) {
        case .success(let detected): type = detected
        case .failure(let problem): throw ServiceError.unprocessable("\(material.name)：\(problem.description)")
        }
        let existing = try await files(of: draft).filter { $0.materialID == materialID }
        if existing.count >= limit {
            throw ServiceError.unprocessable("\(material.name)最多上传 \(material.maxFiles) 个文件，请先删除不需要的文件")
        }
        let hash = try uploads.store(bytes)
        let record = UploadedFileRecord(draftID: try draft.requireID(), accountID: draft.accountID, materialID: materialID,
                                        sha256: hash, size: bytes.count, fileType: type.rawValue,
                                        displayName: UploadStore.displayName(fileName))
        try await record.create(on: database)
        return record
    }

    /// A draft takes files while it is being filled in, and again while its case waits for 补正.
    func acceptsMaterials(_ draft: ApplicationDraftRecord) async throws -> Bool {
        if draft.status == .draft { return true }
        guard let caseID = draft.caseID, let record = try await CaseRecord.find(caseID, on: database) else { return false }
        return record.state == .supplementing
    }

    /// Removes a file from a draft (the stored bytes stay: other drafts may share them).
    func deleteFile(id: String, from draft: ApplicationDraftRecord) async throws {
        guard draft.status == .draft else { throw ServiceError.conflict("这份申请已经提交，不能再修改材料") }
        try await removeFile(id: id, from: draft)
    }

    /// Removes a file from a draft, whatever kind; 404 when the draft has no such file.
    func removeFile(id: String, from draft: ApplicationDraftRecord) async throws {
        guard let uuid = UUID(uuidString: id),
              let file = try await UploadedFileRecord.query(on: database)
                .filter(\.$id == uuid).filter(\.$draftID == draft.requireID()).first()
        else { throw ServiceError.notFound("没有找到这个文件") }
        try await file.delete(on: database)
    }

    /// A file of one of the person's drafts or cases, for viewing.
    func file(id: String, user: SignedIn) async throws -> (UploadedFileRecord, Data) {
        guard let uuid = UUID(uuidString: id),
              let file = try await UploadedFileRecord.query(on: database)
                .filter(\.$id == uuid).filter(\.$accountID == user.accountID).first()
        else { throw ServiceError.notFound("没有找到这个文件") }
        return (file, try uploads.read(file.sha256))
    }
}

extension ApplicationService {
    /// A material of a case of the clerk's department, for the clerk to open; any other is not found.
    func file(id: String, staff: SignedIn) async throws -> (UploadedFileRecord, Data) {
        guard let uuid = UUID(uuidString: id), let file = try await UploadedFileRecord.find(uuid, on: database),
              try await CaseRecord.query(on: database).filter(\.$draftID == file.draftID)
                .filter(\.$departmentCode == (staff.departmentCode ?? "")).first() != nil
        else { throw ServiceError.notFound("没有找到这个文件") }
        return (file, try uploads.read(file.sha256))
    }
}
