import EMPAggregate
import EMPCore
import EMPEmit
import EMPIndicators
import EMPRead
import EMPStore
import EMPValidate
import Foundation
import Logging

/// Publishing a release: find the countries whose inputs changed, build the cube for those
/// only, compute their indicators (the others' renderings come from the store), compare with
/// the previous release, write everything into the staging folder, swap it in, then record
/// the release in the store in one transaction.
struct Publication {
    let setup: RunSetup
    let store: any ReleaseStore
    let runID: Int64
    let shares: [SourceShare]
    let folder: OutputFolder
    /// What every country's outputs depend on besides its rows.
    let settings: String
    /// What the release depends on besides its batches (recorded for the next run's check).
    let release: String
    /// Written into the release: the folder is emp's, published from this store.
    let marker: ReleaseMarker
    var options: RunOptions { setup.runner.options }

    /// The release guards stopped the run before the swap: nothing is published.
    struct Refused: Error { var message: String }

    /// The reporting countries with profile data in the batches, every year any of them has,
    /// and a digest per country of everything its outputs are computed from.
    func plan() throws -> (
        countries: [String], years: [Int], digests: [String: String], sources: [String: Set<String>]
    ) {
        let ids = shares.filter { Publication.feedsCube($0.source.domain) }.compactMap(\.batch)
        var countries: [String] = [], years = Set<Int>()
        for (area, byYear) in try store.coverage(batches: ids) {
            let profileYears = byYear.filter { $0.value.contains { !$0.isReference && $0 != .measures } }.keys
            if profileYears.isEmpty { continue }
            countries.append(area)
            years.formUnion(profileYears)
        }
        countries.sort()
        let sortedYears = years.sorted()
        // A corridor cost counts for both its countries, and the store keeps it under the sender
        // only: each cost batch is part of every country's digest, so a new cost file computes
        // every country again.
        let costs = shares.filter { Publication.feedsCosts($0.source) }.map {
            "\($0.source.name):\($0.batch.map(String.init) ?? "-")"
        }
        let context = Digest.sha256Hex(
            fields: [settings, sortedYears.map(String.init).joined(separator: ",")] + costs)
        let perBatch = try store.countryDigests(batches: ids)
        var digests: [String: String] = [:], sources: [String: Set<String>] = [:]
        for c in countries {
            digests[c] = Digest.sha256Hex(fields: [context, c, setup.iso.name(c)] + (perBatch[c] ?? []))
            // Each part is `<source>:<digest>` (source names hold no colon).
            sources[c] = Set((perBatch[c] ?? []).map { String($0.prefix { $0 != ":" }) })
        }
        return (countries, sortedYears, digests, sources)
    }

    static func feedsCube(_ domain: Domain) -> Bool { domain != .fx && domain != .measures }

    func run(_ result: inout RunResult, clock: inout Stopwatch) throws {
        let (countries, years, digests, sources) = try plan()
        let cached = try store.countryOutputDigests()
        // A country is computed again when its inputs changed, or when its kept rendering lacks
        // one of the release's formats (a format added to `outputs:`).
        let formats = Set(setup.formats.map(\.name))
        let touched = Set(
            countries.filter {
                options.full || cached[$0]?.inputs != digests[$0] || !formats.isSubset(of: cached[$0]?.formats ?? [])
            })
        log(countries, touched: touched, cached: cached, digests: digests, formats: formats)
        try Interruption.check()
        setup.runner.progress?(.restoring)
        let cube = try buildCube(touched)
        try writeMeasures()
        clock.lap("restore")
        let listed = Set(countries)
        let dropped = Set(try store.publishedCountries()).union(cached.keys).subtracting(listed)
        let summaries = try store.countrySummaries()
        var gaps: [String: [String]] = [:]
        var layout = setup.releaseLayout(years: years)
        layout.stamp = ReleaseStamp(number: try store.releaseCount() + 1, date: RunSetup.releaseDate())
        layout.sources = result.sources
        layout.sourcesByCountry = sources
        let (count, changes, guarded) = try writeIndicators(
            countries, dropped: dropped, layout: layout, touched: touched, digests: digests,
            cached: cached, cube: cube, summaries: summaries, gaps: &gaps)
        let notes = DisclosureTally.split(
            gaps.keys.sorted().flatMap { gaps[$0]! }, minRecords: setup.config.disclosureRule.minRecords)
        result.warnings += notes.warnings
        result.disclosure = notes.tally
        clock.lap("indicators")
        // The previous release's numbers, counted per country as kept (a store from before
        // they were kept is counted in one query).
        let published = guarded.unknownBase ? try store.publishedWithNumber() : guarded.published
        if !(options.allowRemovals || setup.config.allow_removals == true), published > 0,
            let refusal = guarded.refusal(
                published: published, maxPct: setup.config.maxRemovedPct, shrunk: ReleaseGuard.shrunk(shares))
        {
            result.countries = countries
            result.countryCount = countries.count
            result.indicatorCount = count
            result.countriesComputed = touched.count
            result.changes = changes
            // After an upgrade the withdrawals may be the new emp's, not the data's: say so.
            throw Refused(message: result.computeNote.map { refusal + ReleaseGuard.upgradeNote($0) } ?? refusal)
        }
        if options.strict, !result.warnings.isEmpty {
            throw Refused(message: "--strict: \(result.warnings.count) warning(s); nothing published")
        }
        let quarantineHeaders = try writeKeptQuarantines()
        result.outcome = .published
        result.indicatorCount = count
        result.countries = countries
        result.countryCount = countries.count
        result.countriesComputed = touched.count
        result.changes = changes
        setup.runner.progress?(.publishing)
        try QualityReport.write(&result, into: folder)
        try writeDataPackage(quarantineHeaders, years: years)
        result.outputs = folder.files.map(\.path).sorted()
        clock.lap("emit")
        result.timings = clock.laps
        try RunManifest(run: setup.manifestRun, result: result, folder: folder).write()
        try folder.mark(marker)
        FailPoint.reach("before-swap")
        try Interruption.check()
        // Again just before the swap: a run of another store may have taken the folder meanwhile.
        do { try OutputFolder.claim(setup.outputDir, as: marker) } catch let refused as NotOwned {
            throw RunError.notOwned(refused.description)
        }
        try folder.commit()
        FailPoint.reach("after-swap")
        var end = RunEnd(outcome: .published, exitCode: Int(result.status.rawValue))
        end.sourcesRead = result.sourcesRead.count
        end.countriesComputed = touched.count
        end.indicatorValues = count
        end.countries = countries.count
        end.counts = result.changes
        end.settings = release
        end.compute = ComputeVersion.digest
        end.stale = result.stale
        end.warnings = result.warnings
        end.summary = result.summaryLine
        try store.publish(run: runID, dropped: dropped.sorted(), batches: shares.compactMap(\.batch), end: end)
        FailPoint.reach("after-publish")
    }

    /// Which countries are computed and why (info: the count; debug: each country's reason).
    func log(
        _ countries: [String], touched: Set<String>, cached: [String: KeptRendering], digests: [String: String],
        formats: Set<String>
    ) {
        let logger = setup.runner.logger
        logger.info("\(touched.count) of \(countries.count) countries computed, the others published as kept")
        for country in countries where touched.contains(country) {
            let why =
                options.full
                ? "--full"
                : cached[country] == nil
                    ? "not published before"
                    : cached[country]?.inputs != digests[country]
                        ? "its inputs changed" : "its kept rendering lacks a format"
            logger.debug("\(country): computed: \(why)")
        }
    }

    /// The run's cube: every source's share for the countries to compute, in reading order.
    func buildCube(_ touched: Set<String>) throws -> Cube {
        var cube = Cube()
        guard !touched.isEmpty else { return cube }
        var unused = ExchangeRates()
        for (i, share) in shares.enumerated() where Publication.feedsCube(share.source.domain) {
            // The first source read in this run, with no country left out: its cube is the start.
            if share.fresh, !shares[..<i].contains(where: { Publication.feedsCube($0.source.domain) }),
                share.cube.areas.isSubset(of: touched)
            {
                cube = share.cube
            } else if share.fresh {
                cube.merge(share.cube, countries: touched)
                // Its batch is kept and nothing reads its cube again: the run's cube has it.
                share.cube = Cube()
            } else if let id = share.batch {
                cube.merge(
                    try SourceShare.restore(
                        share.source, batch: id, report: share.report, store: store, countries: touched,
                        rates: &unused
                    ).cube)
            }
        }
        try mergeCosts(into: cube, touched)
        // Each source's sums fit (else it failed); two sources of one group together may not.
        if let lost = cube.centsOverflow {
            throw Refused(message: OutOfRange.weightSum(lost.name).message + ", summed over the microdata sources")
        }
        return cube
    }

    /// `measures.csv`, from every measures source's rows (restored from the store when not
    /// read in this run), or as the store kept it when those sources' batches are the same.
    func writeMeasures() throws {
        let sources = shares.filter { $0.source.domain == .measures }
        guard !sources.isEmpty else { return }
        // emp's way of writing it too: a new writer (e.g. the unit vocabulary) renders it again.
        let digest = Digest.sha256Hex(
            fields: [ComputeVersion.digest] + sources.map { "\($0.source.name):\($0.batch.map(String.init) ?? "-")" })
        // Reused only when its bytes still match their digest (else made again from the batches).
        if !options.full, let kept = try store.tableOutput("measures.csv"), kept.digest == digest, kept.isIntact {
            if !kept.content.isEmpty { try folder.write("measures.csv", data: kept.content) }
            return
        }
        let content = try measuresFile(sources)
        if !content.isEmpty { try folder.write("measures.csv", data: content) }
        try store.stageTableOutput(run: runID, name: "measures.csv", digest: digest, content: content)
    }

    /// measures.csv's bytes from its sources' rows. Its table is gone once they are made
    /// (not held while they are written and deflated into the store).
    func measuresFile(_ sources: [SourceShare]) throws -> Data {
        let table = MeasureTable()
        for share in sources {
            // A source read in this run and kept has left its rows to the store (`release`):
            // they are read back from its batch, row by row, straight into the table.
            if share.fresh && share.batch == nil {
                table.add(contentsOf: share.takeMeasures())
            } else if let id = share.batch {
                try store.observations(batch: id, countries: nil) { if $0.domain == .measures { table.add($0) } }
            }
        }
        return table.isEmpty ? Data() : table.csvData()
    }

    /// Countries in order, a few at a time: computed (in parallel) when touched, else as the
    /// store kept their rendering; countries no longer published have all their values
    /// removed. Each group's changes go to `changes.csv` and, with the new renderings, to the
    /// store (staged until the run publishes), so memory holds one group at a time.
    func writeIndicators(
        _ countries: [String], dropped: Set<String>, layout: ReleaseLayout, touched: Set<String>,
        digests: [String: String], cached: [String: KeptRendering],
        cube: Cube, summaries: [String: (numbers: Int?, gaps: [String])],
        gaps: inout [String: [String]]
    ) throws -> (Int, ChangeCounts, ReleaseGuard) {
        let writer = try ReleaseWriter(folder: folder, formats: setup.formats, release: layout)
        let engine = IndicatorEngine(
            cube: cube, skillsAllAges: setup.config.skillsAllAges, disclosure: setup.config.disclosureRule)
        let changesFile = try folder.stream("changes.csv")
        try changesFile.write(CSVText.line(ChangesFile.header))
        var counts = ChangeCounts(), seq = 0, guarded = ReleaseGuard()
        let areas = Set(countries).union(dropped).sorted()
        let threads = options.threads, batch = threads > 1 ? 8 : 1
        let renderer = writer.renderer, iso = setup.iso
        let groups = stride(from: 0, to: areas.count, by: batch).map { Array(areas[$0..<min($0 + batch, areas.count)]) }
        let compute: @Sendable ([String]) -> [RenderedCountry] = { slice in
            ParallelMap.map(slice.filter(touched.contains), threads: threads) {
                renderer.render(engine.result($0, keep: ComputeVersion.published), name: iso.name($0))
            }
        }
        // With two threads the next group is computed while this one is written; its result is
        // awaited even when writing fails, so no work outlives the run's store and folder.
        var next = threads > 1 && !groups.isEmpty ? Lookahead { compute(groups[0]) } : nil
        defer { _ = next?.wait() }
        for (index, slice) in groups.enumerated() {
            let start = index * batch
            try Interruption.check()
            let computed: [RenderedCountry]
            if let pending = next {
                computed = pending.wait()
                next = index + 1 < groups.count ? Lookahead { compute(groups[index + 1]) } : nil
            } else {
                computed = compute(slice)
            }
            var fresh = Dictionary(uniqueKeysWithValues: computed.map { ($0.country, $0) })
            var changes: [ValueChange] = [], outputs: [CountryOutput] = [], redigested: [String: String] = [:]
            for country in slice {
                if dropped.contains(country) {
                    let old = try store.currentValues(of: country)
                    let gone = old.map { ValueChange(kind: .removed, old: $0, new: nil) }.sorted { $0.key < $1.key }
                    guarded.count(gone, country: country, before: old.filter(ReleaseGuard.hasNumber).count, after: 0)
                    changes += gone
                } else if let r = fresh.removeValue(forKey: country) {
                    let output = rendering(r, digest: digests[country] ?? "")
                    gaps[country] = output.gaps
                    // The same bytes as published: the same values, nothing to compare or keep again
                    // (--full first checks the kept bytes: it is how a damaged rendering is repaired;
                    // a rendering kept without its counts is kept again with them).
                    if cached[country]?.rendering == output.rendering, summaries[country]?.numbers != nil,
                        try !options.full || store.countryOutput(country)?.isIntact == true
                    {
                        if cached[country]?.inputs != output.digest { redigested[country] = output.digest }
                        guarded.keep(output.numbers)
                        try writer.add(r)
                        continue
                    }
                    let old = try store.currentValues(of: country), new = Publication.published(r)
                    let changed = ValueChange.between(old: old, new: new)
                    guarded.count(
                        changed, country: country, before: old.filter(ReleaseGuard.hasNumber).count,
                        after: new.filter(ReleaseGuard.hasNumber).count)
                    try writer.add(r, changes: changed)
                    changes += changed
                    outputs.append(output)
                } else {
                    guard let c = try store.countryOutput(country) else {
                        throw StoreError(.damaged, "the store lost the outputs of \(country): run with --full")
                    }
                    // Bytes kept in the store are published only when they still match their digest.
                    guard c.isIntact else {
                        throw RunError.io(
                            "the rendering of \(country) kept in the store \(store.path) is damaged (its bytes do not "
                                + "match their digest); nothing was published. `emp status --check` lists what else "
                                + "is damaged; `emp run --full` computes every country again and repairs the kept "
                                + "renderings"
                        )
                    }
                    try writer.add(
                        RenderedCountry(country: country, rows: c.rows, parts: c.parts.mapValues { [UInt8]($0) }))
                    guarded.keep(summaries[country]?.numbers)
                    gaps[country] = summaries[country]?.gaps ?? []
                }
            }
            try store.stage(run: runID, changes: changes, firstSeq: seq, rendered: outputs, redigested: redigested)
            var lines: [UInt8] = []
            for c in changes { ChangesFile.append(c, to: &lines) }
            try changesFile.write(bytes: lines)
            seq += changes.count
            counts = counts + ChangeCounts(changes)
            setup.runner.progress?(.computing(done: min(start + batch, areas.count), count: areas.count))
            if start == 0 {
                FailPoint.reach("writing")
                try FailPoint.inject("writing")
            }
        }
        try writer.close()
        try changesFile.close()
        try folder.adopt("changes.csv")
        return (writer.count, counts, guarded)
    }

    /// A rendered country as the store keeps it, with the digest of its bytes.
    func rendering(_ r: RenderedCountry, digest: String) -> CountryOutput {
        let parts = r.parts.mapValues { Data($0) }
        var output = CountryOutput(
            refArea: r.country, digest: digest, rendering: CountryOutput.renderingDigest(parts), rows: r.rows,
            parts: parts)
        var numbers = ReleaseWarnings.Numbers()
        var count = 0
        for (row, text) in r.values {
            if !text.isEmpty { count += 1 }
            if row.sex == "_T", row.counterpart == "_T", row.sector == "_Z", row.rank == "_Z" {
                numbers.add(r.country, row.indicator, row.year, number: !text.isEmpty)
            }
        }
        output.numbers = count
        var tally = DisclosureTally(minRecords: 0)
        for (row, _) in r.values { tally.count(row.indicator, row.conf) }
        output.gaps = ReleaseWarnings.denominators(numbers) + tally.notes
        return output
    }

    static func published(_ r: RenderedCountry) -> [PublishedValue] {
        r.values.map { row, text in
            PublishedValue(
                key: SeriesKey(
                    refArea: row.refArea, indicator: row.indicator, sex: row.sex, counterpart: row.counterpart,
                    sector: row.sector, rank: row.rank, year: row.year),
                value: text, unit: row.unit, status: row.status.code)
        }
    }

    /// Quarantine files of sources not read again, as the store kept them.
    /// `datapackage.json`, describing every CSV written so far (it is the last table file).
    func writeDataPackage(_ quarantines: [String: [String]], years: [Int]) throws {
        let files = folder.files.map(\.path)
        let text = DataPackage.json(
            pipeline: setup.config.name, files: files, formats: setup.formats,
            release: setup.releaseLayout(years: years), quarantines: quarantines)
        try folder.write(DataPackage.path, text)
    }

    /// Returns every quarantine file's own header (the sources read in this run and these),
    /// for `datapackage.json`.
    func writeKeptQuarantines() throws -> [String: [String]] {
        var headers: [String: [String]] = [:]
        for share in shares where share.fresh { headers[share.source.name] = share.quarantineHeader }
        for share in shares where !share.fresh && share.report.quarantined > 0 {
            guard let id = share.batch, let kept = try store.quarantine(batch: id) else { continue }
            let data: Data
            switch kept {
            case .rows(let rows):
                data = QuarantineFile.render(rows)
                headers[share.source.name] = rows.header
            case .file(let bytes):  // kept by an emp before rows were kept as values
                data = bytes
                let first = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
                headers[share.source.name] = Array(CSVReader.fields(ofLine: first, delimiter: 0x2C).dropFirst(5))
            }
            try folder.write(QuarantineFile.path(share.source.name), data: data, record: false)
        }
        return headers
    }
}
