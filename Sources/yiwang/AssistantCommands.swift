import ArgumentParser
import Foundation
import YiwangAssistant
import YiwangServer

struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Ask 小自然 one question.")

    @Flag(help: "Print the whole reply as JSON.") var json = false
    @Option(help: "Continue this conversation (printed after each answer).") var session: String?
    @Argument(help: "The question.") var question: String

    func run() async throws {
        let (sessionID, reply) = try await AssistantTasks.ask(config: bootConfig(), question: question, sessionID: session)
        if json {
            print(try encodeJSON(AskOutput(sessionId: sessionID, reply: reply)))
        } else {
            print(reply.answer)
            for citation in reply.citations { print("  [\(citation.title)] \(citation.url)") }
            if reply.handoff { print("  （转人工：12345 / 留言）") }
            print("  会话：\(sessionID)（用 --session \(sessionID) 接着问）")
        }
    }

    struct AskOutput: Encodable {
        let sessionId: String
        let reply: AssistantReply
    }
}

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluations.", subcommands: [EvalAssistant.self, EvalPrefill.self, EvalBundles.self])
}

struct EvalBundles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundles",
        abstract: "Per 一件事 and situation: materials, typed fields, visits and days, item by item against bundled."
    )

    @Flag(help: "Print the rows as JSON.") var json = false

    func run() throws {
        let rows: [BundleEvaluation.Row]
        do {
            rows = try BundleEvaluation.run()
        } catch let error as CustomStringConvertible {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(65)
        }
        if json { print(try encodeJSON(rows)); return }
        print("逐项申请 → 一件事：清单材料、须上传材料、须填写字段、跑动次数、承诺时限（工作日；一件事另列最长前序链）")
        var current = ""
        for row in rows {
            if row.code != current {
                current = row.code
                print("\n\(row.code) \(row.name)")
            }
            let a = row.itemByItem, b = row.bundled
            print("  [\(row.situation.joined(separator: "，"))] \(row.components.count) 个事项")
            print("    材料 \(a.listedMaterials) → \(b.listedMaterials)，上传 \(a.uploads) → \(b.uploads)，字段 \(a.typedFields) → \(b.typedFields)，"
                  + "跑动 \(a.visits) → \(b.visits)，时限 Σ\(a.promisedDays) → \(b.promisedDays)（最长链 \(row.longestChainDays)）")
        }
        print("\n各一件事（所有情形合计）：")
        for code in rows.map(\.code).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            let group = rows.filter { $0.code == code }
            func total(_ value: (BundleEvaluation.Effort) -> Int) -> (Int, Int) {
                (group.reduce(0) { $0 + value($1.itemByItem) }, group.reduce(0) { $0 + value($1.bundled) })
            }
            let materials = total(\.listedMaterials), uploads = total(\.uploads), fields = total(\.typedFields)
            let visits = total(\.visits), days = total(\.promisedDays)
            print("  \(code) \(group[0].name)：\(group.count) 种情形；材料 \(materials.0) → \(materials.1)，上传 \(uploads.0) → \(uploads.1)，"
                  + "字段 \(fields.0) → \(fields.1)，跑动 \(visits.0) → \(visits.1)，时限 Σ\(days.0) → \(days.1)")
        }
    }
}

struct EvalPrefill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefill",
        abstract: "Share of form fields pre-filled for the demo citizens and company on five services and every 一件事 form."
    )

    @Flag(help: "Print the rows as JSON.") var json = false

    func run() async throws {
        _ = try bootConfig()
        let rows = try await PrefillReport.run()
        if json { print(try encodeJSON(rows)); return }
        for row in rows {
            print(String(format: "%@  %@  %@：%d/%d 项预填（%.0f%%），适用项 %d/%d（%.0f%%），必填项 %d/%d（%.0f%%）", row.code, row.name,
                         row.applicant, row.prefilled, row.fields, row.share * 100, row.applicablePrefilled, row.applicable,
                         row.applicableShare * 100, row.requiredPrefilled, row.requiredFields, row.requiredShare * 100))
            if !row.left.isEmpty { print("    待填：" + row.left.joined(separator: "、")) }
        }
        let fields = rows.reduce(0) { $0 + $1.fields }, prefilled = rows.reduce(0) { $0 + $1.prefilled }
        let required = rows.reduce(0) { $0 + $1.requiredFields }, requiredPrefilled = rows.reduce(0) { $0 + $1.requiredPrefilled }
        let applicable = rows.reduce(0) { $0 + $1.applicable }, applicablePrefilled = rows.reduce(0) { $0 + $1.applicablePrefilled }
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) * 100 }
        print(String(format: "合计：%d/%d 项预填（%.0f%%），适用项 %d/%d（%.0f%%），必填项 %d/%d（%.0f%%）", prefilled, fields, share(prefilled, fields),
                     applicablePrefilled, applicable, share(applicablePrefilled, applicable), requiredPrefilled, required,
                     share(requiredPrefilled, required)))
    }
}

struct EvalAssistant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assistant",
        abstract: "Score the assistant on a JSON Lines file of conversations with expected services."
    )

    @Flag(help: "Print the report as JSON, with every turn.") var json = false
    @Flag(help: "List the turns that missed.") var misses = false
    @Argument(help: "e.g. ../shared/eval/assistant-dev.jsonl") var file: String

    func run() async throws {
        _ = try bootConfig()
        let report = try await AssistantTasks.evaluate(file: file)
        if json { print(try encodeJSON(report)); return }
        print(String(format: "conversations %d, turns %d", report.conversations, report.turns))
        print(String(format: "hit@1 %.3f  hit@3 %.3f  MRR %.3f", report.hitAt1, report.hitAt3, report.mrr))
        print(String(format: "out-of-scope accuracy %.3f  follow-up accuracy %.3f  intent accuracy %.3f",
                     report.outOfScopeAccuracy, report.followUpAccuracy, report.intentAccuracy))
        print(String(format: "latency p50 %.2f ms  p99 %.2f ms", report.latencyP50Milliseconds, report.latencyP99Milliseconds))
        if report.lifeEventTurns + report.notLifeEventTurns > 0 {
            print("life events: led with the right bundle \(report.lifeEventHits) of \(report.lifeEventTurns); "
                  + "led with a bundle where none was wanted \(report.lifeEventFalseOffers) of \(report.notLifeEventTurns)")
        }
        for (kind, summary) in report.byKind.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %-14@ %2d turns  %.3f", kind as NSString, summary.turns, summary.accuracy))
        }
        if misses {
            for result in report.results where !result.correct {
                print("MISS \(result.conversation)#\(result.turn) \(result.question) → expected \(result.expected ?? "（拒答）"), got \(result.got.prefix(3)) [\(result.intent)]"
                      + (result.bundle.map { " led with \($0)" } ?? ""))
            }
        }
    }
}

func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
