import Foundation
import Testing
import YiwangDomain

/// Working days by the State Council's 2025 and 2026 schedules as shipped in `Resources/Calendar`.
@Suite("Working-day calendar and deadlines")
struct WorkdayCalendarTests {
    static let calendar: WorkdayCalendar = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/Calendar")
        let schedules = [2025, 2026].map { year in
            try! HolidaySchedule.decode(Data(contentsOf: directory.appendingPathComponent("\(year).json")))
        }
        return WorkdayCalendar(schedules: schedules)
    }()

    static func day(_ text: String) -> CivilDate { CivilDate(text)! }
    var calendar: WorkdayCalendar { Self.calendar }

    @Test("day numbers and weekdays")
    func arithmetic() {
        #expect(Self.day("1970-01-01").dayNumber == 0)
        #expect(Self.day("2026-01-01").weekday == 4)  // a Thursday
        #expect(Self.day("2024-02-28").adding(days: 1) == Self.day("2024-02-29"))
        #expect(Self.day("2025-12-31").adding(days: 1) == Self.day("2026-01-01"))
        #expect(CivilDate(dayNumber: Self.day("2026-11-29").dayNumber) == Self.day("2026-11-29"))
    }

    @Test("holidays are off, 调休 weekends are worked, other days follow the week", arguments: [
        ("2026-01-01", false), ("2026-01-04", true), ("2026-02-14", true), ("2026-02-16", false), ("2026-02-28", true),
        ("2026-05-09", true), ("2026-09-20", true), ("2026-10-10", true), ("2026-10-07", false), ("2026-11-28", false),
        ("2026-11-30", true), ("2025-01-26", true), ("2025-10-08", false), ("2025-10-11", true),
    ])
    func workdays(date: String, worked: Bool) throws {
        #expect(try calendar.isWorkday(Self.day(date)) == worked)
    }

    @Test("deadlines across the 2026 Spring Festival, National Day and the new year", arguments: [
        ("2026-02-12", 5, "2026-02-26"),  // Sat 2/14 worked, 2/15–2/23 off
        ("2026-09-29", 3, "2026-10-09"),  // 10/1–10/7 off
        ("2026-09-29", 4, "2026-10-10"),  // Saturday 10/10 is worked
        ("2025-12-29", 5, "2026-01-06"),  // 元旦 off, Sunday 1/4 worked
        ("2026-11-27", 0, "2026-11-27"),
    ])
    func deadlines(accepted: String, days: Int, expected: String) throws {
        let clock = DeadlineClock(limit: days, acceptedOn: Self.day(accepted))
        #expect(try clock.deadline(calendar) == Self.day(expected))
    }

    @Test("补正 stops the clock across a holiday; resubmission resumes it with the days left")
    func suspension() throws {
        var clock = DeadlineClock(limit: 10, acceptedOn: Self.day("2026-09-21"))
        #expect(try clock.deadline(calendar) == Self.day("2026-10-12"))  // 中秋 and 国庆 off, Saturday 10/10 worked
        try clock.suspend(on: Self.day("2026-09-24"), calendar)  // three working days used
        #expect(try clock.deadline(calendar) == nil)
        #expect(try clock.remaining(on: Self.day("2026-10-05"), calendar) == 7)
        clock.resume(on: Self.day("2026-10-08"))
        #expect(try clock.deadline(calendar) == Self.day("2026-10-16"))
        clock.extend(by: 5)
        #expect(try clock.deadline(calendar) == Self.day("2026-10-23"))
    }

    @Test("days left, due today and overdue give the warning levels")
    func levels() throws {
        let clock = DeadlineClock(limit: 5, acceptedOn: Self.day("2026-11-23"))  // due Mon 11/30
        #expect(try clock.deadline(calendar) == Self.day("2026-11-30"))
        #expect(try clock.remaining(on: Self.day("2026-11-24"), calendar) == 4)
        #expect(try clock.remaining(on: Self.day("2026-11-27"), calendar) == 1)
        #expect(try clock.remaining(on: Self.day("2026-11-30"), calendar) == 0)
        #expect(try clock.remaining(on: Self.day("2026-12-02"), calendar) == -2)
        // three days left from Wed 11/25 (yellow), five from Mon 11/23 for a service that warns at five
        #expect(try clock.warningDay(yellowAt: 3, calendar) == Self.day("2026-11-25"))
        #expect(try clock.warningDay(yellowAt: 5, calendar) == Self.day("2026-11-23"))
        #expect(try clock.warningDay(yellowAt: 9, calendar) == Self.day("2026-11-23"))
        func level(_ day: String, yellowAt: Int = 3) throws -> DeadlineLevel {
            DeadlineTiming.compute(promised: clock, state: .reviewing, on: Self.day(day), calendar: calendar, yellowAt: yellowAt).level
        }
        #expect(try level("2026-11-24") == .normal)
        #expect(try level("2026-11-25") == .yellow)
        #expect(try level("2026-11-24", yellowAt: 5) == .yellow)
        #expect(try level("2026-11-29") == .yellow)  // Sunday before the deadline
        #expect(try level("2026-11-30") == .red)
        #expect(try level("2026-12-01") == .overdue)
        // the levels agree with the days left on every day of the clock's life
        for offset in 0..<20 {
            let today = Self.day("2026-11-23").adding(days: offset)
            let timing = DeadlineTiming.compute(promised: clock, state: .reviewing, on: today, calendar: calendar)
            let remaining = try #require(timing.remaining)
            #expect((remaining > 0 && remaining <= 3) == (timing.level == .yellow), "\(today)")
            #expect((remaining > 3) == (timing.level == .normal), "\(today)")
        }
        // Friday's deadline is overdue on Saturday, though no working day lies between
        let friday = DeadlineClock(limit: 5, acceptedOn: Self.day("2026-11-20"))
        #expect(DeadlineTiming.compute(promised: friday, state: .reviewing, on: Self.day("2026-11-28"), calendar: calendar).level == .overdue)
        var stopped = clock
        try stopped.suspend(on: Self.day("2026-11-24"), calendar)
        let suspended = DeadlineTiming.compute(promised: stopped, state: .supplementing, on: Self.day("2026-12-10"), calendar: calendar)
        #expect(suspended.level == .suspended && suspended.remaining == 4 && DeadlineTiming.text(remaining: suspended.remaining, level: suspended.level, unit: .workingDays) == "计时暂停，剩 4 个工作日")
        let calendarDays = DeadlineClock(limit: 30, unit: .calendarDays, acceptedOn: Self.day("2026-09-25"))
        #expect(try calendarDays.deadline(calendar) == Self.day("2026-10-25"))
    }

    @Test("a deadline reaching into a year with no schedule is flagged, not guessed")
    func missingYear() {
        let clock = DeadlineClock(limit: 15, acceptedOn: Self.day("2026-12-20"))
        #expect(throws: WorkdayCalendar.MissingSchedule(year: 2027)) { try clock.deadline(calendar) }
        #expect(WorkdayCalendar.MissingSchedule(year: 2027).description.contains("2027 年的放假安排尚未导入"))
    }

    @Test("a year with no schedule gets a provisional (暂定) deadline from the statutory holidays, with a level")
    func provisionalDeadline() throws {
        // accepted on Sunday 2026-12-20 with 20 working days: 元旦 (Friday 2027-01-01) is the only holiday on the way
        let clock = DeadlineClock(limit: 20, acceptedOn: Self.day("2026-12-20"))
        let timing = DeadlineTiming.compute(promised: clock, state: .accepted, on: Self.day("2026-12-20"), calendar: calendar)
        #expect(timing.isProvisional && timing.gap == 2027)
        #expect(timing.deadline == Self.day("2027-01-18") && timing.warningDay == Self.day("2027-01-13"))
        #expect(timing.level == .normal && timing.remaining == 20)
        #expect(DeadlineTiming.compute(promised: clock, state: .accepted, on: Self.day("2027-01-13"), calendar: calendar).level == .yellow)
        #expect(DeadlineTiming.compute(promised: clock, state: .accepted, on: Self.day("2027-01-18"), calendar: calendar).level == .red)
        #expect(DeadlineTiming.summary(deadline: "2027-01-18", remaining: 20, level: .normal, unit: .workingDays, gap: 2027)
                == "2027-01-18（暂定，剩 20 个工作日）")
        // the strict calendar still refuses to count 2027; the provisional view does
        #expect(throws: WorkdayCalendar.MissingSchedule(year: 2027)) { try clock.deadline(calendar) }
        #expect(try clock.deadline(calendar.provisional) == Self.day("2027-01-18"))
        // once 2027's schedule is loaded the deadline is counted on it, and is no longer provisional
        var loaded = calendar
        loaded.load(StatutoryHolidays.provisionalSchedule(year: 2027))
        #expect(loaded.provisionalYears.contains(2027) == false)
        let counted = DeadlineTiming.compute(promised: clock, state: .accepted, on: Self.day("2026-12-20"), calendar: loaded)
        #expect(!counted.isProvisional && counted.gap == nil && counted.deadline == Self.day("2027-01-18"))
        // beyond the provisional horizon nothing is guessed
        let far = DeadlineClock(limit: 20, acceptedOn: Self.day("2029-12-20"))
        let missing = DeadlineTiming.compute(promised: far, state: .accepted, on: Self.day("2029-12-20"), calendar: calendar)
        #expect(missing.deadline == nil && missing.gap == 2029 && !missing.isProvisional)
        #expect(DeadlineTiming.summary(deadline: nil, remaining: nil, level: .normal, unit: .workingDays, gap: 2030)
                == "2030 年放假安排尚未导入，暂无法计算")
        // a 补正 in a provisional year stops the clock all the same
        var stopped = clock
        stopped.suspend(on: Self.day("2027-01-05"), counting: calendar)
        #expect(try stopped.isSuspended && stopped.remaining(on: Self.day("2027-01-20"), calendar) == 20 - 11)
    }

    @Test("the statutory holidays of 2025 and 2026 are all off days of the State Council's schedules", arguments: [2025, 2026])
    func statutoryHolidaysMatchPublishedSchedules(year: Int) throws {
        let official = try #require(calendar.schedules[year])
        let holidays = StatutoryHolidays.holidays(year: year)
        #expect(holidays.count == 13)  // 1 + 4 + 1 + 2 + 1 + 1 + 3
        for day in holidays { #expect(official.entry(day.date)?.isOffDay == true, "\(day.name) \(day.date)") }
    }

    @Test("the lunar festivals and 清明 of years to come, and 补假 for a festival on a weekend or on another festival")
    func statutoryHolidaysAhead() {
        func dates(_ year: Int, _ name: String) -> [String] {
            StatutoryHolidays.provisionalSchedule(year: year).days.filter { $0.name.hasPrefix(name) }.map(\.date.description)
        }
        // 2027: 除夕 Fri 2/5, 春节 Sat 2/6 – Mon 2/8: Sat and Sun owe two weekdays, Tue 2/9 and Wed 2/10
        #expect(dates(2027, "春节") == ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10"])
        #expect(dates(2027, "清明节") == ["2027-04-05"] && dates(2027, "端午节") == ["2027-06-09"] && dates(2027, "中秋节") == ["2027-09-15"])
        // 2027: 国庆 Fri 10/1 – Sun 10/3 owes two weekdays
        #expect(dates(2027, "国庆节") == ["2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05"])
        // 2028: 国庆 starts on a Sunday (one weekday owed) and 中秋 falls on 10/3, a 国庆 day (one more)
        #expect(dates(2028, "国庆节") == ["2028-10-01", "2028-10-02", "2028-10-03", "2028-10-04"] && dates(2028, "中秋节") == ["2028-10-05"])
        #expect(dates(2028, "清明节") == ["2028-04-04"] && dates(2028, "春节").first == "2028-01-25")
    }

    @Test("a schedule file with days outside its year or twice is refused")
    func badSchedule() {
        let day = HolidaySchedule.Day(name: "元旦", date: Self.day("2027-01-01"), isOffDay: true)
        #expect(throws: HolidaySchedule.Problem.outsideYear(Self.day("2027-01-01"))) { try HolidaySchedule(year: 2026, days: [day]) }
        #expect(throws: HolidaySchedule.Problem.duplicate(Self.day("2027-01-01"))) { try HolidaySchedule(year: 2027, days: [day, day]) }
        #expect(throws: HolidaySchedule.Problem.self) { try HolidaySchedule.decode(Data("{\"year\": 2027}".utf8)) }
    }
}

@Suite("Case workflow")
struct CaseWorkflowTests {
    let full = CaseWorkflow(steps: [
        ProcessStep(name: "申请", actor: .applicant, description: "提交"), ProcessStep(name: "受理", actor: .intake, description: "受理"),
        ProcessStep(name: "审查", actor: .review, description: "审查"), ProcessStep(name: "决定", actor: .approval, description: "决定"),
    ])

    @Test("each stage's role takes its steps; opinions where the law wants a reason")
    func transitions() {
        #expect(full.apply(.accept, to: .submitted, roles: [.intake], applicant: false, opinion: nil) == .success(.accepted))
        #expect(full.apply(.accept, to: .submitted, roles: [.review], applicant: false, opinion: nil)
                == .failure(.notYourRole(.accept, needs: .intake)))
        #expect(full.apply(.grant, to: .reviewing, roles: [.approval], applicant: false, opinion: nil)
                == .failure(.wrongState(.reviewing, .grant)))
        #expect(full.apply(.deny, to: .approving, roles: [.approval], applicant: false, opinion: " ")
                == .failure(.opinionRequired(.deny)))
        #expect(full.apply(.requestSupplement, to: .reviewing, roles: [.review], applicant: false, opinion: "缺少户口簿")
                == .success(.supplementing))
        #expect(full.apply(.resubmit, to: .supplementing, roles: [], applicant: true, opinion: nil) == .success(.reviewing))
        #expect(full.apply(.withdraw, to: .accepted, roles: [], applicant: true, opinion: nil) == .failure(.wrongState(.accepted, .withdraw)))
        #expect(full.apply(.extend, to: .reviewing, roles: [.approval], applicant: false, opinion: "需现场核查") == .success(.reviewing))
        #expect(full.actions(in: .approving, roles: [.approval], applicant: false) == [.grant, .deny, .extend])
        #expect(CaseWorkflow.Refusal.notYourRole(.grant, needs: .approval).description == "准予许可须由审批人员办理")
    }

    @Test("a service without a 审查 stage has its review done at intake")
    func shorterServices() {
        let short = CaseWorkflow(steps: [ProcessStep(name: "受理", actor: .intake, description: "受理"),
                                         ProcessStep(name: "决定", actor: .approval, description: "决定")])
        #expect(short.role(for: .passReview) == .intake)
        #expect(short.role(for: .grant) == .approval)
        let intakeOnly = CaseWorkflow(steps: [ProcessStep(name: "办理", actor: .intake, description: "当场办结")])
        #expect(intakeOnly.role(for: .grant) == .intake)
    }
}
