import EMPConfig
import EMPCore
import EMPRead

/// What an observation of an aggregate source held until the cross-row checks ran
/// (`heldObservations`, at the same index) needs if it is set aside.
struct HeldObservation {
    /// Where the row's cells as read are packed (`SourceIngest.State.heldCells`), for its
    /// quarantine record.
    var cells: Int
    /// Where a missing value is (its text and column), for `MissingPart`.
    var missing: (text: String, column: String)?
    /// The row read it came from, numbered in order: a matrix cell read both sides gives two
    /// observations of one cell, accepted or quarantined together.
    var cell: Int
    /// A matrix's residual partner (`_O`, `_U`): the label it was read from, so that two
    /// residual columns are two parts of one cell, not a duplicate (see `ConsistencyCheck`).
    var residual: String?
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
        let missing = obs.value == nil ? mapper!.valueCell(record, labels: labels) : nil
        let cell = (held.last?.cell ?? -1) + 1
        let label = residualLabel(record)
        let cells = heldCells.add(record.fields)
        func keep(_ o: Observation) {
            let residual = label != nil && ["_O", "_U"].contains(o.dims.partner) ? label : nil
            heldObservations.append(o)
            held.append(HeldObservation(cells: cells, missing: missing, cell: cell, residual: residual))
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
    /// cells that blank a total (`MissingPart`, at the cell's line and column).
    mutating func finishHeld(accept: (Observation) -> Void) {
        let check = ConsistencyCheck(tolerancePct: ingest.context.tolerancePct)
        let observations = heldObservations
        let ids = CellIDs(observations)
        let rejected = check.check(observations, ids, residuals: held.map(\.residual))
        let parts = check.missingParts(observations, ids, rejected: rejected)
        let problems = cellProblems(rejected)
        for (i, item) in held.enumerated() {
            let obs = observations[i]
            // A cell's observations are held one after the other: the first stands for the row.
            let first = i == 0 || held[i - 1].cell != item.cell
            if let p = problems[item.cell] {
                if first { reject(obs.line, p, heldCells.strings(at: item.cells)) }
                continue
            }
            if first { report.accepted += 1 } else { report.mirrored = (report.mirrored ?? 0) + 1 }
            accept(obs)
            if let part = parts[i] {
                var p = MissingPart.problem(
                    cell: "\(obs.refArea) \(obs.year)", text: item.missing?.text ?? "",
                    fields: part.fields.map(\.rawValue), others: part.others)
                p.column = item.missing?.column
                diagnose(obs.line, p, severity: .warning)
            }
        }
        heldObservations.removeAll()
        held.removeAll()
        heldCells.removeAll()
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
