/// A named validation rule on a form field, parsed from its catalog spelling (`name` or `name:argument`).
public enum FieldRule: Sendable, Equatable {
    case maxLength(Int)
    case minLength(Int)
    case min(Double)
    case max(Double)
    case notFuture
    case notPast
    /// The person (by ID number or birth date) is at least this many full years old.
    case ageAtLeast(Int)
    case ageBelow(Int)
    case postalCode
    case plateNumber
    case hunanArea

    /// Parses a rule spelling; nil when the name is unknown or the argument is missing or malformed.
    public init?(spelling: String) {
        let parts = spelling.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts.first ?? ""
        let argument = parts.count == 2 ? parts[1] : nil
        func int() -> Int? { argument.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil } }
        func number() -> Double? { argument.flatMap { Double($0) } }
        switch (name, argument) {
        case ("max_length", _): guard let n = int() else { return nil }; self = .maxLength(n)
        case ("min_length", _): guard let n = int() else { return nil }; self = .minLength(n)
        case ("min", _): guard let n = number() else { return nil }; self = .min(n)
        case ("max", _): guard let n = number() else { return nil }; self = .max(n)
        case ("age_at_least", _): guard let n = int() else { return nil }; self = .ageAtLeast(n)
        case ("age_below", _): guard let n = int() else { return nil }; self = .ageBelow(n)
        case ("not_future", nil): self = .notFuture
        case ("not_past", nil): self = .notPast
        case ("postal_code", nil): self = .postalCode
        case ("plate_number", nil): self = .plateNumber
        case ("hunan_area", nil): self = .hunanArea
        default: return nil
        }
    }
}
