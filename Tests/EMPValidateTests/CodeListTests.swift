import EMPCore
import EMPValidate
import Testing

/// The shipped lists, read through libcsv (quoted names with commas included).
@Suite struct CodeListTests {
    @Test func listsAreReadWhole() {
        let lists = CodeLists.shared
        #expect(lists.obsStatus.count == 20)
        #expect(lists.isicSections["A"] == "Agriculture, forestry and fishing", "a quoted name with a comma")
        #expect(lists.aggregate("africa eastern and southern") == "World Bank aggregate")
        #expect(lists.iscoMajor["53"] == "5")
        #expect(lists.sexCodes.isSuperset(of: ["F", "M", "_T"]))
    }

    /// Aggregates of UN and older World Bank files are kept apart from countries (issue 13,
    /// point 7): M49 regions with or without their leading zeros, every numeric code from 900
    /// up (UN DESA's world, development, income and SDG groups), the old WDI income codes.
    @Test func unAndFormerWorldBankAggregatesAreNotCountries() throws {
        let lists = CodeLists.shared
        #expect(lists.aggregate("002") == "UN M49 region" && lists.aggregate("2") == "UN M49 region")
        #expect(lists.aggregate("419") == "UN M49 region" && lists.aggregate("'150") == "UN M49 region")
        for code in ["900", "901", "957", "1503", "1835", "5500", "5501"] {
            #expect(lists.aggregate(code) == "UN aggregate", "\(code)")
        }
        #expect(lists.aggregate("NOC") == "former World Bank aggregate")
        #expect(lists.aggregate("oec") == nil || lists.aggregate("OEC") == "former World Bank aggregate")
        #expect(lists.aggregate("894") == nil, "Zambia's numeric code is a country")
        let iso = try ISOCodes.load()
        let codes = CodeNormalizer(iso: iso)
        #expect(codes.aggregate("4") == nil && codes.refArea("4") == "AFG", "a country's numeric code stays a country")
        #expect(codes.refArea("KSV") == "XKX", "Kosovo's old code")
    }

    /// The flags the model names itself are exactly the shipped list's.
    @Test func coreFlagsMatchTheList() {
        #expect(ObsStatus.parse("A") == .normal)
        #expect(ObsStatus.parse("O") == .missing)
        #expect(ObsStatus.parse("M") == .cannotExist)
        #expect(ObsStatus.parse("bp")?.code == "B")
    }
}
