import EMPStore
import Foundation

/// emp's tables on a server, in a schema of their own (`emp`), created and changed only by
/// numbered migrations recorded in `emp.schema_migrations`. Migration 1 is the SQLite store's
/// schema as its five migrations left it (same tables, columns and keys; integers are bigint,
/// blobs bytea), so `emp store copy` moves rows across unchanged.
enum PostgresSchema {
    static let name = "emp"

    /// The migrations in order: each one's number, the tables it makes (to tell a damaged
    /// store from a whole one) and its statements.
    static let migrations: [(version: Int, tables: [String], sql: String)] = [(1, v1Tables, v1)]

    static var tables: [String] { migrations.flatMap(\.tables) }

    static let v1Tables = [
        "meta", "runs", "batches", "batch_countries", "coverage", "quarantined_rows", "observations", "batch_payloads",
        "microdata_blocks", "microdata_cells", "microdata_records", "run_batches", "published", "pending_changes",
        "country_outputs", "country_renderings", "country_facts", "table_outputs", "locks",
    ]

    /// Ids are given as in SQLite (one more than the largest, see `PostgresStore.nextID`), not by
    /// a sequence: a rolled-back transaction then uses up no id, as in SQLite.
    static let v1 = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- "full" is quoted: a reserved word of PostgreSQL (FULL JOIN).
        CREATE TABLE runs (
          id BIGINT PRIMARY KEY,
          command TEXT NOT NULL, pipeline TEXT NOT NULL, pid BIGINT NOT NULL,
          started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL, exit_code BIGINT,
          "full" BIGINT NOT NULL DEFAULT 0,
          sources_read BIGINT NOT NULL DEFAULT 0, countries_computed BIGINT NOT NULL DEFAULT 0,
          indicator_values BIGINT NOT NULL DEFAULT 0, countries BIGINT NOT NULL DEFAULT 0,
          added BIGINT NOT NULL DEFAULT 0, removed BIGINT NOT NULL DEFAULT 0,
          revised BIGINT NOT NULL DEFAULT 0, reflagged BIGINT NOT NULL DEFAULT 0,
          settings TEXT, summary TEXT, compute TEXT, stale TEXT, warnings TEXT
        );
        CREATE TABLE batches (
          id BIGINT PRIMARY KEY,
          source TEXT NOT NULL, domain TEXT NOT NULL, fingerprint TEXT NOT NULL, path TEXT NOT NULL,
          sha256 TEXT NOT NULL, bytes BIGINT NOT NULL, mtime_ns BIGINT NOT NULL, ctime_ns BIGINT NOT NULL,
          inode BIGINT NOT NULL, stamped_ns BIGINT NOT NULL,
          rows_read BIGINT NOT NULL, accepted BIGINT NOT NULL, quarantined BIGINT NOT NULL, filtered BIGINT NOT NULL,
          status TEXT NOT NULL, imported_at TEXT NOT NULL, run_id BIGINT NOT NULL REFERENCES runs(id),
          report TEXT NOT NULL, quarantine BYTEA, microdata_codes TEXT,
          current BIGINT NOT NULL DEFAULT 1, quarantine_header TEXT
        );
        CREATE UNIQUE INDEX batches_current ON batches(source) WHERE current = 1;
        CREATE TABLE batch_countries (
          batch_id BIGINT NOT NULL REFERENCES batches(id), ref_area TEXT NOT NULL, digest TEXT NOT NULL,
          PRIMARY KEY (batch_id, ref_area)
        );
        CREATE TABLE coverage (
          batch_id BIGINT NOT NULL REFERENCES batches(id), ref_area TEXT NOT NULL, domain TEXT NOT NULL,
          time_period BIGINT NOT NULL,
          PRIMARY KEY (batch_id, ref_area, domain, time_period)
        );
        -- A rejected row's value and reason are bytes: a source's cell may hold any character,
        -- and PostgreSQL's text cannot hold NUL.
        CREATE TABLE quarantined_rows (
          batch_id BIGINT NOT NULL REFERENCES batches(id), seq BIGINT NOT NULL, line BIGINT NOT NULL,
          rule TEXT NOT NULL, column_name TEXT NOT NULL, value BYTEA NOT NULL, reason BYTEA NOT NULL,
          fields TEXT NOT NULL, cells TEXT,
          PRIMARY KEY (batch_id, seq)
        );
        CREATE TABLE observations (
          batch_id BIGINT NOT NULL REFERENCES batches(id), seq BIGINT NOT NULL,
          domain TEXT NOT NULL, ref_area TEXT NOT NULL, time_period BIGINT NOT NULL, direction TEXT,
          sex TEXT NOT NULL, age TEXT NOT NULL, partner TEXT NOT NULL, duration TEXT NOT NULL,
          reason TEXT NOT NULL, education TEXT NOT NULL, sector TEXT NOT NULL, occupation TEXT NOT NULL,
          obs_value DOUBLE PRECISION, obs_status TEXT NOT NULL,
          currency TEXT, measure TEXT, unit TEXT, period TEXT, line BIGINT NOT NULL,
          PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX observations_area ON observations(batch_id, ref_area);
        CREATE TABLE batch_payloads (
          batch_id BIGINT PRIMARY KEY REFERENCES batches(id), rows BIGINT NOT NULL, content BYTEA NOT NULL
        );
        CREATE TABLE microdata_blocks (
          batch_id BIGINT NOT NULL REFERENCES batches(id),
          ref_area TEXT NOT NULL, time_period BIGINT NOT NULL, direction TEXT NOT NULL, counters BYTEA NOT NULL,
          PRIMARY KEY (batch_id, ref_area, time_period, direction)
        );
        CREATE TABLE microdata_cells (
          batch_id BIGINT NOT NULL REFERENCES batches(id), seq BIGINT NOT NULL,
          domain TEXT NOT NULL, ref_area TEXT NOT NULL, time_period BIGINT NOT NULL, direction TEXT,
          sex TEXT NOT NULL, age TEXT NOT NULL, partner TEXT NOT NULL, duration TEXT NOT NULL,
          reason TEXT NOT NULL, education TEXT NOT NULL, sector TEXT NOT NULL, occupation TEXT NOT NULL,
          obs_value DOUBLE PRECISION NOT NULL, cents BIGINT NOT NULL, obs_status TEXT NOT NULL,
          missing BIGINT NOT NULL, contributions BIGINT NOT NULL,
          PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX microdata_cells_area ON microdata_cells(batch_id, ref_area);
        CREATE TABLE microdata_records (
          batch_id BIGINT NOT NULL REFERENCES batches(id),
          ref_area TEXT NOT NULL, time_period BIGINT NOT NULL, direction TEXT NOT NULL, records BIGINT NOT NULL,
          PRIMARY KEY (batch_id, ref_area, time_period, direction)
        );
        CREATE TABLE run_batches (
          run_id BIGINT NOT NULL REFERENCES runs(id), batch_id BIGINT NOT NULL REFERENCES batches(id),
          PRIMARY KEY (run_id, batch_id)
        );
        CREATE TABLE published (
          id BIGINT PRIMARY KEY,
          ref_area TEXT NOT NULL, indicator TEXT NOT NULL, sex TEXT NOT NULL, counterpart_area TEXT NOT NULL,
          sector TEXT NOT NULL, rank TEXT NOT NULL, time_period BIGINT NOT NULL, obs_value TEXT NOT NULL,
          unit_measure TEXT NOT NULL, obs_status TEXT NOT NULL,
          from_run BIGINT NOT NULL REFERENCES runs(id), to_run BIGINT REFERENCES runs(id)
        );
        CREATE INDEX published_current ON published(ref_area) WHERE to_run IS NULL;
        CREATE INDEX published_from ON published(from_run);
        CREATE INDEX published_to ON published(to_run);
        CREATE TABLE pending_changes (
          run_id BIGINT NOT NULL REFERENCES runs(id), seq BIGINT NOT NULL, old_id BIGINT REFERENCES published(id),
          ref_area TEXT NOT NULL, indicator TEXT NOT NULL, sex TEXT NOT NULL, counterpart_area TEXT NOT NULL,
          sector TEXT NOT NULL, rank TEXT NOT NULL, time_period BIGINT NOT NULL,
          obs_value TEXT, unit_measure TEXT, obs_status TEXT,
          PRIMARY KEY (run_id, seq)
        );
        CREATE TABLE country_outputs (
          ref_area TEXT PRIMARY KEY, run_id BIGINT NOT NULL REFERENCES runs(id), digest TEXT NOT NULL,
          rendering TEXT NOT NULL, rows BIGINT NOT NULL
        );
        CREATE TABLE country_renderings (
          ref_area TEXT NOT NULL, format TEXT NOT NULL, content BYTEA NOT NULL, deflated BIGINT NOT NULL DEFAULT 0,
          PRIMARY KEY (ref_area, format)
        );
        CREATE TABLE country_facts (
          ref_area TEXT PRIMARY KEY, run_id BIGINT NOT NULL REFERENCES runs(id), numbers BIGINT NOT NULL, gaps TEXT
        );
        CREATE TABLE table_outputs (
          name TEXT PRIMARY KEY, run_id BIGINT NOT NULL REFERENCES runs(id), digest TEXT NOT NULL,
          content BYTEA NOT NULL, content_sha256 TEXT, deflated BIGINT NOT NULL DEFAULT 0
        );
        -- Who holds the store's advisory lock (the lock itself is the server's, see PostgresLock).
        CREATE TABLE locks (key BIGINT PRIMARY KEY, backend_pid BIGINT NOT NULL, holder TEXT NOT NULL);
        """

    /// What is at the schema: nil when there is no schema `emp` (nothing yet), else the
    /// migrations recorded. Throws for a schema that is not emp's, or that is missing tables
    /// its migrations made.
    static func state(_ client: PostgresClient) throws -> Int? {
        let here = try client.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1", [.text(name)]
        ).map { try $0.string(0) }
        let schema =
            try client.scalar(
                "SELECT count(*) FROM pg_namespace WHERE nspname = $1", [.text(name)], as: Int64.self) ?? 0
        guard schema > 0 else { return nil }
        guard here.contains("schema_migrations") else {
            if here.isEmpty { return 0 }
            throw StoreError(
                .notEmp,
                "\(client.display): the schema \(name) holds tables that are not an emp store's (no schema_migrations)"
            )
        }
        let version = try client.scalar("SELECT max(version) FROM schema_migrations", as: Int64.self).map(Int.init) ?? 0
        guard version <= migrations.last!.version else {
            throw StoreError(
                .incompatible,
                "\(client.display): the store was made by a newer emp (schema version \(version)); use that emp")
        }
        let made = Set(here)
        let missing = migrations.filter { $0.version <= version }.flatMap(\.tables).filter { !made.contains($0) }
        if !missing.isEmpty {
            throw StoreError(
                .damaged,
                "\(client.display): the store is damaged: its tables \(missing.joined(separator: ", ")) are gone; "
                    + "restore it from a backup (pg_dump -n \(name))")
        }
        return version
    }

    /// Makes the schema (when `create`) and runs the migrations not yet recorded, each in one
    /// transaction with its record. The caller holds the store's lock, or only reads.
    static func migrate(_ client: PostgresClient, create: Bool) throws {
        let version: Int
        if let found = try state(client) {
            version = found
        } else {
            guard create else {
                throw StoreError(
                    .missing, "\(client.display): no store yet (a first `emp run` or `emp import` makes it)")
            }
            version = 0
        }
        guard version < migrations.last!.version else { return }
        try client.transaction {
            try client.execute("CREATE SCHEMA IF NOT EXISTS \(name)")
            try client.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
            for m in migrations where m.version > version {
                for statement in statements(m.sql) { try client.execute(statement) }
                if m.version == 1 {
                    try client.execute(
                        "INSERT INTO meta (key, value) VALUES ('store_id', $1)", [.text(UUID().uuidString.lowercased())]
                    )
                }
                try client.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                    [.int(m.version), .text(PostgresStore.now())])
            }
        }
    }

    /// A migration's statements one by one (the extended protocol runs one at a time).
    static func statements(_ sql: String) -> [String] {
        sql.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
            .joined(separator: "\n").split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
