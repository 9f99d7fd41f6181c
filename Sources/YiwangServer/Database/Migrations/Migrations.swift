import Fluent

/// Every migration, in the order they run. Add new ones at the end, one file each.
enum Migrations {
    static func all(vault: PersonalDataVault) -> [any Migration] { [
        CreateDepartment(),
        CreateServiceItem(),
        CreateCatalogRevision(),
        CreateAssistantTables(),
        CreateAccountTables(),
        CreateSessionTables(),
        CreateNotificationTables(),
        CreateApplicationTables(),
        AddWorkflowToCase(),
        CreateRegistryTables(),
        AddDeadlineSweepColumns(),
        CreateGreenChannelAndAuditTables(),
        CreateCertificateTables(),
        AddSupplementRequestToCase(),
        CreateAuditChain(),
        CreateStaffSecondFactors(),
        AddLockoutBackoff(),
        AddAnswerReview(),
        AddTurnRetrieval(),
        ProtectPersonalData(vault: vault),
        AddAuditAuthentication(),
        CreateBundles(),
        CreateBundleApplications(),
        AddServiceItemApplicants(),
        CreatePolicyTables(),
    ] }
}
