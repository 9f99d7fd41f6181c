/// How a submitted bundle moves on as its components are decided: which waiting components start
/// (every component they wait for granted), which stop (one they wait for failed, or a failure the
/// bundle's data says ends it all), and where the bundle as a whole stands — the rules the
/// sub-cases follow, kept apart from how cases are stored.
public enum BundleProgress {
    /// A component's standing, as the bundle sees it.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case waiting = "等待前序事项"
        case inProgress = "办理中"
        case granted = "已办结"
        /// Refused, denied or withdrawn.
        case failed = "未通过"
        case stopped = "已终止"

        public var hasEnded: Bool { [.granted, .failed, .stopped].contains(self) }
    }

    /// The bundle as a whole.
    public enum Overall: String, Sendable, Codable, CaseIterable {
        case inProgress = "办理中"
        /// Every component granted.
        case completed = "已办结"
        /// Every component ended, some granted and some not.
        case partlyCompleted = "部分办结"
        /// Every component ended and none granted.
        case stopped = "已终止"
    }

    public struct Stop: Sendable, Equatable {
        public let item: String
        /// Why, for the applicant and the clerk: which component's failure stopped it.
        public let reason: String
    }

    public struct Decision: Sendable, Equatable {
        /// Waiting components whose every earlier component is granted: start them now.
        public let start: [String]
        /// Components to end without a decision of their own.
        public let stop: [Stop]
        /// Where the bundle stands once `start` and `stop` are done.
        public let overall: Overall
    }

    /// What follows from the components' statuses. Applying the decision and asking again gives
    /// nothing more to do: stops are followed through the order constraints at once.
    public static func next(_ plan: BundlePlan, statuses: [String: Status]) -> Decision {
        var statuses = statuses
        let names = Dictionary(plan.components.map { ($0.code, $0.item.name) }, uniquingKeysWith: { first, _ in first })
        var stops: [Stop] = []
        /// Stops `item` unless it has ended; says whether it did.
        func stop(_ item: String, _ reason: String) -> Bool {
            guard !(statuses[item] ?? .waiting).hasEnded else { return false }
            statuses[item] = .stopped
            stops.append(Stop(item: item, reason: reason))
            return true
        }
        // each pass stops at least one more component or ends the loop: at most one pass per component
        var changed = true
        while changed {
            changed = false
            for component in plan.components {
                let status = statuses[component.code] ?? .waiting
                guard status == .failed || status == .stopped else { continue }
                if status == .failed, component.ifRefused == .stopAll {
                    for other in plan.components where other.code != component.code {
                        if stop(other.code, "「\(component.item.name)」未通过，本一件事终止办理") { changed = true }
                    }
                }
                for dependant in plan.components where dependant.after.contains(component.code) {
                    if stop(dependant.code, "前序事项「\(names[component.code] ?? component.code)」未办结，本事项无法继续") { changed = true }
                }
            }
        }
        let start = plan.components.filter { component in
            (statuses[component.code] ?? .waiting) == .waiting && component.after.allSatisfy { statuses[$0] == .granted }
        }.map(\.code)
        for item in start { statuses[item] = .inProgress }
        let all = plan.components.map { statuses[$0.code] ?? .waiting }
        let overall: Overall
        if !all.allSatisfy(\.hasEnded) {
            overall = .inProgress
        } else if all.allSatisfy({ $0 == .granted }) {
            overall = .completed
        } else {
            overall = all.contains(.granted) ? .partlyCompleted : .stopped
        }
        return Decision(start: start, stop: stops, overall: overall)
    }
}
