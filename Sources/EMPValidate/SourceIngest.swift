import EMPConfig
import EMPCore
import EMPRead
import Foundation

/// Everything a source needs besides its own configuration.
public struct IngestContext {
    public var codes: CodeNormalizer
    public var rates: ExchangeRates
    public var tolerancePct: Double
    /// Where the source's rejected rows go, as values (nil: counted and diagnosed only).
    public var quarantine: QuarantineCollector?
    /// Threads a large file may be read on (1 or 2).
    public var threads: Int
    /// Called as the file is read: rows (lines) and bytes read so far, and the file's size.
    public var progress: ((_ rows: Int, _ bytes: Int, _ size: Int) -> Void)?
    /// The pipeline's largest field and record (a source's own `max_field_bytes` and
    /// `max_record_bytes` win).
    public var limits = ReadLimits.standard
    /// Asked before each chunk a thread reads: true stops the read (SIGTERM, SIGINT); the
    /// caller then stops the run. Asked from the second thread too.
    public var interrupted: (@Sendable () -> Bool)?
    /// Called before each chunk the first thread reads (where a test pauses a read).
    public var beforeChunk: (() -> Void)?
    /// The folders (real paths) a source's file may be in, its links followed (nil: any).
    public var allowedRoots: [String]?
    /// False: an aggregate source's accepted rows are counted, not handed to `accept` (`emp
    /// validate` keeps nothing: reading each held row back as an observation was a tenth of it).
    public var handsOnRows = true

    public init(
        codes: CodeNormalizer, rates: ExchangeRates, tolerancePct: Double, quarantine: QuarantineCollector?,
        threads: Int = 1
    ) {
        self.codes = codes
        self.rates = rates
        self.tolerancePct = tolerancePct
        self.quarantine = quarantine
        self.threads = threads
    }
}

/// Reads one source end to end: header, every row mapped and checked, cross-row consistency,
/// quarantine, and the error policy. Accepted observations go to `accept` in file order.
/// Microdata rows stream straight through; aggregate files are held for the cross-row checks.
public struct SourceIngest {
    public let source: SourceConfig
    public let path: String
    public let displayPath: String
    public let context: IngestContext

    public init(source: SourceConfig, path: String, displayPath: String, context: IngestContext) {
        self.source = source
        self.path = path
        self.displayPath = displayPath
        self.context = context
    }

    var dialect: Dialect {
        Dialect(
            delimiter: layoutDelimiter, quote: source.dialect?.quoteByte ?? 0x22, trim: source.dialect?.trim ?? false)
    }

    /// `lane`, when given, is offered every record first (see `RecordLane`).
    public func run(lane: RecordLane? = nil, accept: (Observation) -> Void) -> SourceReport {
        var state = State(ingest: self)
        state.lane = lane
        var shaping = RecordShaping(source: source, codes: context.codes)
        let reader = makeReader(encoding: textEncoding)
        reader.shouldStop = { [context] in
            context.beforeChunk?()
            return context.interrupted?() ?? false
        }
        if let progress = context.progress {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            reader.onChunk = { bytes, line in progress(max(line - 2, 0), bytes, size) }
        }
        var tail: (reader: TailReader, rows: [CSVRecord]?)?
        do {
            let summary = try reader.readRaw { raw in
                // A plain long file (no layout, no filter) goes straight to the record path,
                // where a lane may take it; everything else through the reshaping stage.
                if shaping.direct { state.record(raw, accept: accept); return }
                shaping.feed(raw.materialize()) { state.shaped($0, accept: accept) }
                if shaping.direct, reader.split == nil, tail == nil, let t = startTail(reader, state) {
                    tail = (t.tail, nil)
                    reader.split = CSVSplit(offset: t.offset) { atBoundary, line in
                        let rows = t.tail.finish(firstLine: line)
                        guard atBoundary, let rows else { return false }
                        tail = (t.tail, rows)
                        return true
                    }
                }
            }
            if let (t, rows) = tail, let rows, let lane = state.lane as? ForkableLane {
                state.report.threads = 2
                state.report.rowsRead += t.taken
                state.report.accepted += t.taken
                lane.join(t.lane)
                for r in rows { state.ordinary(r, accept: accept) }
            }
            state.report.sha256 = summary.sha256
            state.report.bytes = summary.bytes
            if let bom = summary.foreignBOM, textEncoding == .utf8 {
                state.sourceProblem(BadEncoding.byteOrderMark(bom), line: 1)
            } else if state.headerResult == nil {
                state.noHeader(shaping.framer)
            }
            state.report.framing = shaping.framer.note
            state.checkFooter(&shaping)
        } catch {
            state.sourceProblem(UnreadableFile.problem(error), line: nil)
            state.report.unreadable = true
        }
        state.finish(filter: shaping.filter, framer: shaping.framer, accept: accept)
        return state.report
    }

    /// Large files with a lane that can fork are read on two threads (see `CSVSplit`), both
    /// through the first reader's open file.
    func startTail(_ reader: CSVReader, _ state: State) -> (tail: TailReader, offset: Int)? {
        guard context.threads > 1, textEncoding == .utf8, let lane = state.lane as? ForkableLane,
            let header = state.headerResult?.header, let file = reader.file,
            let offset = CSVSplit.offset(file: file), let fork = lane.fork(header: header)
        else { return nil }
        let tail = TailReader(lane: fork, width: header.count)
        let second = makeReader(encoding: .utf8)
        second.shouldStop = context.interrupted
        tail.start(second, file: file, offset: offset)
        return (tail, offset)
    }

    /// A reader of the source's file with its dialect and limits.
    func makeReader(encoding: TextEncoding) -> CSVReader {
        let reader = CSVReader(path: path, dialect: dialect, encoding: encoding)
        reader.roots = context.allowedRoots
        reader.limits = ReadLimits(
            fieldBytes: source.max_field_bytes ?? context.limits.fieldBytes,
            recordBytes: source.max_record_bytes ?? context.limits.recordBytes)
        return reader
    }

    /// The mutable part of one ingest.
    struct State {
        let ingest: SourceIngest
        var report: SourceReport
        var headerResult: HeaderCheck.Result?
        /// Fields in the header; -1 until the header is read.
        var headerWidth = -1
        var mapper: RowMapper?
        var lane: RecordLane?
        /// The observations of an aggregate source, held for the cross-row checks as rows of
        /// numbers, and beside them what each needs if it is set aside (`HeldObservation`).
        var heldObservations = ObservationTable()
        var heldCells = PackedCells()
        var held = ChunkedArray<HeldObservation>()
        /// By index in `held`: where a missing value is, a matrix residual's label.
        var heldMissing: [Int: (text: String, column: String)] = [:]
        var heldResiduals: [Int: String] = [:]
        /// Rejected rows of a held source, written in line order once the cross-row checks ran.
        var pendingRejects: [(line: Int, problems: [RowProblem], fields: [String])] = []

        init(ingest: SourceIngest) {
            self.ingest = ingest
            report = SourceReport(
                name: ingest.source.name, domain: ingest.source.domain.rawValue, path: ingest.displayPath)
            if ingest.source.layout?.bothSides == true { report.mirrored = 0 }
        }

        var streams: Bool { ingest.source.domain == .microdata }

        mutating func record(_ raw: RawRecord, accept: (Observation) -> Void) {
            guard headerWidth >= 0 else { readHeader(raw.materialize()); return }
            report.rowsRead += 1
            // The per-record path: no copy of the header result (that would cost reference counting).
            if let lane, raw.problem == nil, raw.count == headerWidth, lane.offer(raw) {
                report.accepted += 1
                return
            }
            ordinary(raw.materialize(), headerResult!, accept: accept)
        }

        /// A record from the reshaping stage, or one the lane did not take (counted as read here).
        mutating func record(
            _ record: CSVRecord, labels: [Int: String] = [:], areaTotal: Bool = false, accept: (Observation) -> Void
        ) {
            guard headerWidth >= 0 else { readHeader(record); return }
            report.rowsRead += 1
            ordinary(record, headerResult!, labels: labels, areaTotal: areaTotal, accept: accept)
        }

        mutating func ordinary(_ record: CSVRecord, accept: (Observation) -> Void) {
            report.rowsRead += 1
            ordinary(record, headerResult!, accept: accept)
        }

        mutating func ordinary(
            _ record: CSVRecord, _ header: HeaderCheck.Result, labels: [Int: String] = [:], areaTotal: Bool = false,
            accept: (Observation) -> Void
        ) {
            // The cells as texts only for a row set aside now; a held row keeps them packed.
            var fields: [String] { record.fields.map { String(decoding: $0, as: UTF8.self) } }
            if let blocking = header.blocking {
                reject(record.line, [.blocked(blocking)], fields, report: false)
                return
            }
            if let problem = record.problem {
                reject(record.line, [quotingProblem(problem)], fields)
                return
            }
            if record.fields.count != header.header.count {
                reject(record.line, [RaggedRow.fields(record.fields.count, header: header.header.count)], fields)
                return
            }
            switch mapper!.map(record, labels: labels, areaTotal: areaTotal) {
            case .rejected(let problems): reject(record.line, problems, fields)
            case .accepted(let obs) where streams:
                if obs.value == nil { report.missingValues += 1 }
                report.accepted += 1
                accept(obs)
            case .accepted(let obs): hold(obs, record, labels: labels)
            }
        }

        func quotingProblem(_ problem: CSVRecord.Problem) -> RowProblem {
            switch problem {
            case .oversized(let cut):
                let header = headerResult?.header ?? []
                return OversizedField.problem(
                    cut, column: cut.field < header.count ? header[cut.field] : "#\(cut.field + 1)")
            case .unterminatedQuote: return BadQuoting.unclosed()
            case .badQuoting(let text):
                return BadQuoting.misplaced(text, delimiter: ingest.dialect.delimiter, trimmed: ingest.dialect.trim)
            }
        }

        mutating func readHeader(_ record: CSVRecord) {
            let result = HeaderCheck(source: ingest.source, delimiter: ingest.dialect.delimiter).check(record)
            headerResult = result
            headerWidth = result.header.count
            for p in result.problems { diagnose(record.line, p) }
            for p in result.warnings { diagnose(record.line, p, severity: .warning) }
            if let blocking = result.blocking { report.fail("\(blocking.rule.rawValue): \(blocking.message)") }
            if result.blocking != nil || lane?.prepare(header: result.header) == false { lane = nil }
            mapper = RowMapper(
                source: ingest.source, header: result.header, codes: ingest.context.codes, rates: ingest.context.rates)
            ingest.context.quarantine?.begin(header: result.header)
        }

        mutating func reject(_ line: Int, _ problems: [RowProblem], _ fields: [String], report diagnose: Bool = true) {
            report.quarantined += 1
            // A blocked file (missing column, wrong delimiter) has one diagnostic; the quarantine has every row.
            if diagnose { for p in problems { self.diagnose(line, p) } }
            if !streams { pendingRejects.append((line, problems, fields)); return }
            writeQuarantine(line, problems, fields)
        }

        func writeQuarantine(_ line: Int, _ problems: [RowProblem], _ fields: [String]) {
            ingest.context.quarantine?.add(RowProblem.rejected(line: line, problems, cells: fields))
        }

        mutating func diagnose(_ line: Int?, _ p: RowProblem, severity: Diagnostic.Severity = .error) {
            report.add(
                Diagnostic(
                    source: ingest.source.name, file: ingest.displayPath, line: line, column: p.column,
                    rule: p.rule, severity: severity, value: p.value, message: p.message, hint: p.hint))
        }

        /// A problem of the whole file: reported, and the source fails with it.
        mutating func sourceProblem(_ p: RowProblem, line: Int?) {
            diagnose(line, p)
            report.fail("\(p.rule.rawValue): \(p.message)")
        }

        mutating func finish(filter: RowFilter?, framer: RecordFramer, accept: (Observation) -> Void) {
            if !held.isEmpty { finishHeld(accept: accept) }
            for r in pendingRejects.sorted(by: { $0.line < $1.line }) { writeQuarantine(r.line, r.problems, r.fields) }
            pendingRejects.removeAll()
            // Once the counts are final: a filter value no row held, then a source that gave nothing.
            if let filter { checkFilters(filter) }
            checkYield(framer)
            report.diagnostics.sort { ($0.line ?? 0) < ($1.line ?? 0) }
            applyPolicy()
        }

        mutating func applyPolicy() {
            guard report.status == .ok, report.quarantined > 0 else { return }
            let source = ingest.source
            if source.policy == .fail {
                report.fail("\(report.quarantined) row(s) rejected and the source's policy is on_error: fail")
                return
            }
            let rate = Double(report.quarantined) / Double(max(report.rowsRead, 1))
            if rate > source.maxErrorRate {
                let pct = { (x: Double) in String(format: "%.2f%%", x * 100) }
                report.fail("\(pct(rate)) of rows rejected, above max_error_rate \(pct(source.maxErrorRate))")
            }
        }
    }
}
