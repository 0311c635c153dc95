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

    /// The flags the model names itself are exactly the shipped list's.
    @Test func coreFlagsMatchTheList() {
        #expect(ObsStatus.parse("A") == .normal)
        #expect(ObsStatus.parse("O") == .missing)
        #expect(ObsStatus.parse("M") == .cannotExist)
        #expect(ObsStatus.parse("bp")?.code == "B")
    }
}
