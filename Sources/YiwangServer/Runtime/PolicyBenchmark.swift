import Foundation
import YiwangDomain

/// `yiwang bench policies`: every policy for many synthetic people on one core — the sweep decides
/// each person with the fast check and builds the full explanation only for those who qualify, as the
/// daily matching does (someone who must confirm something changes nothing until they do, and someone
/// who does not qualify is explained only when a running benefit ends, which the figure leaves out).
public enum PolicyBenchmark {
    public static func run(people: Int, companies: Int) throws -> [String] {
        let book = PolicyBook(try PolicyFiles.load(directory: ResourceLocator.rootDirectory() + "/Resources/Policies"))
        var lines: [String] = []
        for (target, count) in [(PolicyTarget.person, people), (.company, companies)] where count > 0 {
            // companies' policies of past years too: the figure is about evaluating, not about this year's calendar
            let policies = book.versions.filter { $0.target == target }
            var generator = SplitMix64(seed: 20_261_207)
            let sheets = (0..<count).map { _ in target == .person ? SyntheticPopulation.person(&generator) : SyntheticPopulation.company(&generator) }
            var outcomes = Dictionary(uniqueKeysWithValues: policies.map { ($0.id, [0, 0, 0]) })
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for facts in sheets {
                    for policy in policies {
                        switch PolicyEvaluator.status(policy.conditions, facts: facts) {
                        case .notMet: outcomes[policy.id]![1] += 1
                        case .unknown: outcomes[policy.id]![2] += 1
                        case .met:
                            let decision = PolicyEvaluator.evaluate(policy, facts: facts)
                            outcomes[policy.id]![decision.outcome == .eligible ? 0 : 2] += 1
                        }
                    }
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let evaluations = count * policies.count
            let explained = outcomes.values.reduce(0) { $0 + $1[0] }
            lines.append(String(format: "%@: %d × %d policies = %d evaluations in %.2f s (%.0f k/s, one core); %d explained in full",
                                target.label, count, policies.count, evaluations, seconds, Double(evaluations) / seconds / 1000, explained))
            for policy in policies {
                let counts = outcomes[policy.id]!
                lines.append("  \(policy.id) v\(policy.version) \(policy.name)（\(policy.mode.label)）: 符合 \(counts[0])，不符合 \(counts[1])，待确认 \(counts[2])")
            }
        }
        return lines
    }
}
