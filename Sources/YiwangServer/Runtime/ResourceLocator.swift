import Foundation

/// Finds the folder that holds `Resources/` and `Public/`: the working directory when the platform
/// runs from a checkout (`swift run`, `swift test`), else the package this binary was built from.
public enum ResourceLocator {
    public static func rootDirectory(workingDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        let candidates = [workingDirectory, packageRoot]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/Resources/Catalog") {
            return candidate.hasSuffix("/") ? candidate : candidate + "/"
        }
        return workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
    }

    /// Three levels above this file: Sources/YiwangServer/Runtime → package root.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()
}
