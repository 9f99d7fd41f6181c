import Vapor

/// The application API publishes the read models as they are: the 提交前检查 review, a draft with
/// its values, pre-fill and files, a case with its timeline.
extension ApplicationReview: Content {}
extension ApplicationDraft: Content {}
extension UploadedFile: Content {}
extension CaseSummary: Content {}
