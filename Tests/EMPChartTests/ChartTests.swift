import EMPChart
import Testing

@Suite struct ChartTests {
    @Test func placeholder() {
        #expect(
            Chart.line(
                categories: [], series: [],
                text: ChartText(id: "c", title: "", unit: "", source: "", description: "") { "\($0)" }) == "")
    }
}
