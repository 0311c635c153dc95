import EMPConfig
import EMPCore
import EMPRead

/// What an observation of an aggregate source held until the cross-row checks ran
/// (`heldObservations`, at the same index) needs if it is set aside. The rare rest (where a
/// missing value is, a matrix's residual label) is kept by index beside it
/// (`State.heldMissing`, `State.heldResiduals`): 16 bytes a row, not 72.
struct HeldObservation {
    /// Where the row's cells as read are packed (`SourceIngest.State.heldCells`), for its
    /// quarantine record.
    var cells: Int
    /// The row read it came from, numbered in order: a matrix cell read both sides gives two
    /// observations of one cell, accepted or quarantined together.
    var cell: Int
}

/// `both_sides`: the records one matrix cell gives. A cell (row R, column C) read as
/// ref_area R, partner C, direction IN is also ref_area C, partner R, direction OUT — the
/// same people counted from the other country (UN DESA's emigrants of C living in R) — with
/// the same period, flags and other breakdowns.
enum MatrixSides {
    /// The mirror of a cell whose partner is a country: a residual or unknown partner (`_O`,
    /// `_U`) or a total column has no country to be the mirror's ref_area. The cell itself is a
    /// record unless its ref_area is a total (`_T`: no country).
    static func mirror(_ obs: Observation) -> Observation? {
        guard let direction = obs.direction, !CodeNormalizer.specialPartners.contains(obs.dims.partner) else {
            return nil
        }
        var m = obs
        m.refArea = obs.dims.partner
        // A total on ref_area (the column total row) becomes the partner country's total.
        m.dims.partner = obs.refArea
        m.direction = direction == .inbound ? .outbound : .inbound
        return m
    }
}

extension SourceIngest.State {
    var bothSides: Bool { ingest.source.layout?.bothSides == true }

    /// Holds an accepted row's observations (two for a matrix cell read both sides).
    mutating func hold(_ obs: Observation, _ record: CSVRecord, labels: [Int: String]) {
        let itself = !bothSides || obs.refArea != "_T"
        let mirror = bothSides ? MatrixSides.mirror(obs) : nil
        guard itself || mirror != nil else {
            // A column total row's cell under a residual column: no country on either side.
            report.skip("matrix total on ref_area against partner \(obs.dims.partner): no country on either side")
            return
        }
        if obs.value == nil { report.missingValues += 1 }
        // Where a missing value is, for the warning on the total it blanks (measures are never
        // summed: no total; a DataBank file's `..` cells are most of its rows).
        let missing =
            obs.value == nil && ingest.source.domain != .measures ? mapper!.valueCell(record, labels: labels) : nil
        let cell = (held.last?.cell ?? -1) + 1
        let label = residualLabel(record)
        let cells = heldCells.add(record.fields)
        func keep(_ o: Observation) {
            if let label, ["_O", "_U"].contains(o.dims.partner) { heldResiduals[held.count] = label }
            if let missing { heldMissing[held.count] = missing }
            heldObservations.append(o)
            held.append(HeldObservation(cells: cells, cell: cell))
        }
        if itself { keep(obs) }
        if let mirror { keep(mirror) }
    }

    /// The partner's text as the matrix gives it (a column header or a row label), for a
    /// matrix of counts; nil otherwise (measures are never summed).
    func residualLabel(_ record: CSVRecord) -> String? {
        guard ingest.source.layoutKind == .matrix, ingest.source.domain != .measures,
            let i = mapper?.columnIndex[.partner]?.index, i < record.fields.count
        else { return nil }
        return String(decoding: record.fields[i], as: UTF8.self)
    }

    /// The cross-row checks of an aggregate source: rejections, then warnings on the missing
    /// cells that blank a total (`MissingPart`, at the cell's line and column). The held rows
    /// are let go a chunk at a time as they are handed on, so they and the source's accepted
    /// rows are never all in memory together.
    mutating func finishHeld(accept: (Observation) -> Void) {
        let (problems, parts) = crossRowProblems()
        var previousCell = -1
        let handsOn = ingest.context.handsOnRows
        for i in held.indices {
            let item = held[i]
            // A cell's observations are held one after the other: the first stands for the row.
            let first = previousCell != item.cell
            previousCell = item.cell
            if let p = problems[item.cell] {
                if first { reject(heldObservations.rows[i].line, p, heldCells.strings(at: item.cells)) }
            } else {
                if first { report.accepted += 1 } else { report.mirrored = (report.mirrored ?? 0) + 1 }
                if handsOn { accept(heldObservations[i]) }
                if let part = parts[i] {
                    let obs = heldObservations[i]
                    let missing = heldMissing[i]
                    var p = MissingPart.problem(
                        cell: "\(obs.refArea) \(obs.year)", text: missing?.text ?? "",
                        fields: part.fields.map(\.rawValue), others: part.others)
                    p.column = missing?.column
                    diagnose(obs.line, p, severity: .warning)
                }
            }
            if held.endsChunk(at: i) {
                held.dropChunks(through: i)
                heldObservations.dropRows(through: i)
                heldCells.drop(before: item.cells)
            }
        }
        heldObservations.removeAll()
        held.removeAll()
        heldCells.removeAll()
        heldMissing.removeAll()
        heldResiduals.removeAll()
    }

    /// The rejections of the cross-row checks, by cell, and the missing parts that blank a
    /// total, by row. What the checks build (keys, groups) is gone once they answered.
    func crossRowProblems() -> (problems: [Int: [RowProblem]], parts: [Int: (fields: [Dimensions.Field], others: Int)])
    {
        let check = ConsistencyCheck(tolerancePct: ingest.context.tolerancePct)
        let ids = CellIDs(heldObservations)
        let rejected = check.check(heldObservations, ids, residuals: heldResiduals)
        let parts = check.missingParts(heldObservations, ids, rejected: rejected)
        return (cellProblems(rejected), parts)
    }

    /// The problems of each rejected cell. A cell read both sides is quarantined once, with
    /// what either side found (a rule once: a repeated row is a duplicate on both sides), and
    /// its other side goes with it, so the two directions always hold the same cells.
    func cellProblems(_ rejected: [Int: [RowProblem]]) -> [Int: [RowProblem]] {
        var out: [Int: [RowProblem]] = [:]
        for i in rejected.keys.sorted() {
            let cell = held[i].cell, found = rejected[i]!
            guard let earlier = out[cell] else { out[cell] = found; continue }
            out[cell] = earlier + found.filter { p in !earlier.contains { $0.rule == p.rule } }
        }
        return out
    }
}
