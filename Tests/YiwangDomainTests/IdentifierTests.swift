import Testing
import YiwangDomain

@Suite("Identifiers and masking")
struct IdentifierTests {
    let today = CivilDate(year: 2026, month: 11, day: 29)!

    @Test("citizen ID numbers: the standard's valid examples pass, with their birth dates",
          arguments: [("11010519491231002X", "1949-12-31"), ("360426199101010071", "1991-01-01"),
                      ("44011320141005001x", "2014-10-05"), (" 3604 2619 9101 0100 71 ", "1991-01-01")])
    func validIDs(number: String, birth: String) throws {
        let id = try ResidentIdentityNumber(number, today: today)
        #expect(id.birthDate.description == birth)
        #expect(id.value.count == 18 && id.value == id.value.uppercased())
    }

    @Test("citizen ID numbers: wrong check digit, length, characters, impossible and future birth dates")
    func invalidIDs() {
        func problem(_ text: String) -> ResidentIdentityNumber.Problem? {
            do { _ = try ResidentIdentityNumber(text, today: today); return nil } catch { return error }
        }
        #expect(problem("36042619910102009X") == .checkDigit)
        #expect(problem("3604261991010100") == .length)
        #expect(problem("36042619910101007A") == .characters)
        // full-width digits, spaces and dashes are how people type the same number
        #expect(problem("３６０４２６１９９１０１０１００７１") == nil)
        #expect((try? ResidentIdentityNumber("360426 19910101 0071", today: today))?.value == "360426199101010071")
        #expect((try? ResidentIdentityNumber("３６０４２６-１９９１０１０１-００７１", today: today))?.value == "360426199101010071")
        #expect((try? MobileNumber("１３９ １２３４ ５６７８"))?.value == "13912345678")
        #expect((try? UnifiedSocialCreditCode("９１１１００００６０００３７３４１Ｌ"))?.value == "91110000600037341L")
        #expect(problem("360426199102300012") == .birthDate)  // 30 February
        #expect(problem("360426203001010011") == .futureBirthDate)
        #expect(ResidentIdentityNumber.Problem.checkDigit.description.contains("校验位"))
    }

    @Test("unified social credit codes")
    func credit() throws {
        for valid in ["91110000600037341L", "121200004013590816", "91440300568520498A", "91110000600037341l"] {
            #expect(throws: Never.self) { try UnifiedSocialCreditCode(valid) }
        }
        #expect(throws: UnifiedSocialCreditCode.Problem.checkCharacter) { try UnifiedSocialCreditCode("91110000600037341N") }
        #expect(throws: UnifiedSocialCreditCode.Problem.characters) { try UnifiedSocialCreditCode("9111000060003734IO") }
        #expect(throws: UnifiedSocialCreditCode.Problem.length) { try UnifiedSocialCreditCode("9111000060003734") }
    }

    @Test("mobile numbers and masks")
    func mobile() throws {
        #expect(try MobileNumber("+86 138-0013-8000").value == "13800138000")
        #expect(try MobileNumber("8613800138000").value == "13800138000")
        for bad in ["12800138000", "1380013800", "138001380001", "1380013800a"] {
            #expect(throws: MobileNumber.Problem.self) { try MobileNumber(bad) }
        }
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.idNumber("430104195001010012") == "43**************12")
        #expect(Masking.name("欧阳娜娜") == "欧***")
    }

    @Test("civil dates: parsing, real days, full years")
    func dates() {
        #expect(CivilDate("2026-02-29") == nil)
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2026/1/5")?.description == "2026-01-05")
        #expect(CivilDate("26-01-05") == nil)
        #expect(CivilDate("2026-13-01") == nil)
        let born = CivilDate(year: 1946, month: 11, day: 30)!
        #expect(born.fullYears(until: today) == 79)
        #expect(born.fullYears(until: CivilDate(year: 2026, month: 11, day: 30)!) == 80)
    }
}

@Suite("Numbers the platform assigns at registration")
struct AssignedNumberTests {
    @Test("出生登记: a 公民身份号码 that the checks accept, its sex in the sequence, distinct per serial")
    func residentNumbers() throws {
        let today = CivilDate(year: 2026, month: 12, day: 7)!
        let birth = CivilDate(year: 2026, month: 11, day: 30)!
        var seen = Set<String>()
        for serial in 1...600 {
            for male in [true, false] {
                let number = try #require(ResidentIdentityNumber.assign(area: "430102", birthDate: birth, male: male, serial: serial))
                let parsed = try ResidentIdentityNumber(number, today: today)
                #expect(parsed.birthDate == birth && parsed.areaCode == "430102")
                let sequence = try #require(Int(String(Array(number)[14..<17])))
                #expect(sequence % 2 == (male ? 1 : 0) && (1...999).contains(sequence))
                if serial <= 499 { #expect(seen.insert(number).inserted) }
            }
        }
        #expect(ResidentIdentityNumber.assign(area: "43A102", birthDate: birth, male: true, serial: 1) == nil)
        #expect(ResidentIdentityNumber.assign(area: "430102", birthDate: birth, male: true, serial: 0) == nil)
    }

    @Test("设立登记: a 统一社会信用代码 that the check accepts, with its category, area and organization code")
    func creditCodes() throws {
        for serial in [0, 1, 42, 999_999, 1_000_001] {
            let code = try #require(UnifiedSocialCreditCode.assign(category: "2", area: "430102", serial: serial))
            #expect((try? UnifiedSocialCreditCode(code)) != nil, "\(code)")
            #expect(code.hasPrefix("92430102MA"))
        }
        // the organization code's own check character (GB 11714): D2143569-X is the standard's example
        #expect(UnifiedSocialCreditCode.organizationCheck("D2143569") == "X")
        #expect(UnifiedSocialCreditCode.assign(category: "1", area: "4301", serial: 1) == nil)
    }
}

@Suite("Places in Hunan")
struct HunanPlaceTests {
    let field = FormField(name: "household_area", label: "户籍所在地", type: .area, required: true, rules: ["hunan_area"])

    @Test("a place under one of Hunan's prefectures is in Hunan, written with the province; elsewhere is refused",
          arguments: [("长沙市芙蓉区", "湖南省长沙市芙蓉区"), ("湖南省长沙市岳麓区", "湖南省长沙市岳麓区"), ("湘西州吉首市", "湖南省湘西土家族苗族自治州吉首市"),
                      ("张家界市永定区", "湖南省张家界市永定区"), ("湖南长沙芙蓉区", "湖南省长沙市芙蓉区"), ("浏阳市", "湖南省长沙市浏阳市"),
                      ("长沙 天心区", "湖南省长沙市天心区"), ("株洲市渌口区", "湖南省株洲市渌口区"), ("长沙市", "湖南省长沙市"),
                      ("长沙县", "湖南省长沙市长沙县"), ("湘潭县", "湖南省湘潭市湘潭县"), ("长沙市岳麓区麓山路", "湖南省长沙市岳麓区麓山路")])
    func inHunan(typed: String, stored: String) throws {
        let validator = FormValidator(schema: FormSchema(fields: [field]), today: CivilDate(year: 2026, month: 12, day: 7)!)
        #expect(try validator.check(typed, of: field).get() == stored)
    }

    @Test("places outside Hunan are refused with an example that shows the short form is fine", arguments: ["广东省广州市", "北京市朝阳区", "芙蓉"])
    func elsewhere(typed: String) {
        let validator = FormValidator(schema: FormSchema(fields: [field]), today: CivilDate(year: 2026, month: 12, day: 7)!)
        guard case .failure(let problem) = validator.check(typed, of: field) else { Issue.record("\(typed) accepted"); return }
        #expect(problem.message.contains("须在湖南省内"))
    }

    @Test("a county the prefecture does not have is named in the answer, with one it has")
    func unknownCounty() {
        let validator = FormValidator(schema: FormSchema(fields: [field]), today: CivilDate(year: 2026, month: 12, day: 7)!)
        guard case .failure(let problem) = validator.check("长沙市火星区", of: field) else { Issue.record("accepted"); return }
        #expect(problem.message == "长沙市没有“火星区”，请从列表中选择区县，例如“长沙市芙蓉区”")
    }

    @Test("GB/T 2260: 14 prefectures, 122 county-level divisions, each code under its prefecture's")
    func divisions() {
        #expect(HunanDivisions.prefectures.count == 14)
        #expect(HunanDivisions.counties.values.map(\.count).reduce(0, +) == 122)
        for prefecture in HunanDivisions.prefectures {
            for county in HunanDivisions.counties[prefecture.code] ?? [] {
                #expect(county.code.prefix(4) == prefecture.code.prefix(4), "\(county)")
            }
        }
        #expect(HunanDivisions.areaChoices.first?.areas.first?.value == "湖南省长沙市芙蓉区")
    }
}

@Suite("Masking account numbers")
struct AccountMaskingTests {
    @Test("a bank card or account number in a text field shows its last four; other text is left alone",
          arguments: [("6222000011113333", "************3333"), ("6222 0000 1111 3333", "************3333"),
                      ("长沙银行", "长沙银行"), ("12345", "12345")])
    func masks(value: String, shown: String) {
        #expect(Masking.value(value, of: .text) == shown)
    }
}
