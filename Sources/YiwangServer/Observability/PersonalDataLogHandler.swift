import Logging
import YiwangDomain

/// Wraps the platform's log handler so that no log line carries an ID number, a credit code or a
/// mobile number in clear — whoever wrote it (our code, Fluent's query logging at debug level, a
/// library): the message and every metadata value pass through `PersonalDataRedactor` first.
struct PersonalDataLogHandler: LogHandler {
    var wrapped: any LogHandler

    init(wrapping handler: any LogHandler) { wrapped = handler }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = "\(PersonalDataRedactor.redact(event.message.description))"
        event.metadata = event.metadata.map { $0.mapValues(Self.redact) }
        wrapped.log(event: event)
    }

    static func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): .string(PersonalDataRedactor.redact(text))
        case .stringConvertible(let convertible): .string(PersonalDataRedactor.redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let values): .dictionary(values.mapValues(redact))
        }
    }
}
