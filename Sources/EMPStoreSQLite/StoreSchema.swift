import EMPCore
import Foundation
import GRDB
import EMPStore

/// The store's tables, created and changed only by numbered migrations (GRDB records which
/// ran), so a store written by an older emp is brought up to date when a newer one opens it.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1", migrate: v1)
        m.registerMigration("v2", migrate: v2)
        m.registerMigration("v3", migrate: v3)
        m.registerMigration("v4", migrate: v4)
        m.registerMigration("v5", migrate: v5)
        return m
    }

    /// The tables each migration makes, to tell a damaged store (GRDB recorded the migration,
    /// a table is gone) from a whole one. Kept in step with the migrations (tested).
    static let tables: [String: [String]] = [
        "v1": [
            "runs", "batches", "batch_countries", "coverage", "quarantined_rows", "observations", "microdata_blocks",
            "microdata_cells", "microdata_records", "run_batches", "published", "pending_changes", "country_outputs",
            "table_outputs",
        ],
        "v2": ["meta", "country_facts"],
        "v3": ["country_renderings"],
        "v4": ["batch_payloads"],
        "v5": [],
    ]

    static func v1(_ db: Database) throws {
        // The ledger: one row per `emp run` or `emp import`, written when it starts and
        // again when it ends; a row left `running` belonged to a process that was killed.
        try db.execute(
            sql: """
                CREATE TABLE runs (
                  id INTEGER PRIMARY KEY,
                  command TEXT NOT NULL,
                  pipeline TEXT NOT NULL,
                  pid INTEGER NOT NULL,
                  started_at TEXT NOT NULL,
                  finished_at TEXT,
                  outcome TEXT NOT NULL,
                  exit_code INTEGER,
                  full INTEGER NOT NULL DEFAULT 0,
                  sources_read INTEGER NOT NULL DEFAULT 0,
                  countries_computed INTEGER NOT NULL DEFAULT 0,
                  indicator_values INTEGER NOT NULL DEFAULT 0,
                  countries INTEGER NOT NULL DEFAULT 0,
                  added INTEGER NOT NULL DEFAULT 0,
                  removed INTEGER NOT NULL DEFAULT 0,
                  revised INTEGER NOT NULL DEFAULT 0,
                  reflagged INTEGER NOT NULL DEFAULT 0,
                  settings TEXT,
                  summary TEXT
                );
                """)
        // A batch: one import of one source's file. `current` marks the batch a source uses
        // now; earlier vintages stay with current = 0.
        try db.execute(
            sql: """
                CREATE TABLE batches (
                  id INTEGER PRIMARY KEY,
                  source TEXT NOT NULL,
                  domain TEXT NOT NULL,
                  fingerprint TEXT NOT NULL,
                  path TEXT NOT NULL,
                  sha256 TEXT NOT NULL,
                  bytes INTEGER NOT NULL,
                  mtime_ns INTEGER NOT NULL,
                  ctime_ns INTEGER NOT NULL,
                  inode INTEGER NOT NULL,
                  stamped_ns INTEGER NOT NULL,
                  rows_read INTEGER NOT NULL,
                  accepted INTEGER NOT NULL,
                  quarantined INTEGER NOT NULL,
                  filtered INTEGER NOT NULL,
                  status TEXT NOT NULL,
                  imported_at TEXT NOT NULL,
                  run_id INTEGER NOT NULL REFERENCES runs(id),
                  report TEXT NOT NULL,
                  quarantine BLOB,
                  microdata_codes TEXT,
                  current INTEGER NOT NULL DEFAULT 1
                );
                CREATE UNIQUE INDEX batches_current ON batches(source) WHERE current = 1;
                CREATE TABLE batch_countries (
                  batch_id INTEGER NOT NULL REFERENCES batches(id),
                  ref_area TEXT NOT NULL,
                  digest TEXT NOT NULL,
                  PRIMARY KEY (batch_id, ref_area)
                ) WITHOUT ROWID;
                CREATE TABLE coverage (
                  batch_id INTEGER NOT NULL REFERENCES batches(id),
                  ref_area TEXT NOT NULL,
                  domain TEXT NOT NULL,
                  time_period INTEGER NOT NULL,
                  PRIMARY KEY (batch_id, ref_area, domain, time_period)
                ) WITHOUT ROWID;
                """)
        // The rows a batch set aside, one per row: line, rules, columns, values, reasons, and
        // the row's own fields as a JSON object (the file itself stays in `batches.quarantine`).
        try db.execute(
            sql: """
                CREATE TABLE quarantined_rows (
                  batch_id INTEGER NOT NULL REFERENCES batches(id),
                  seq INTEGER NOT NULL,
                  line INTEGER NOT NULL,
                  rule TEXT NOT NULL,
                  column_name TEXT NOT NULL,
                  value TEXT NOT NULL,
                  reason TEXT NOT NULL,
                  fields TEXT NOT NULL,
                  PRIMARY KEY (batch_id, seq)
                ) WITHOUT ROWID;
                """)
        // Canonical observations of aggregate sources, in file order (`seq`).
        try db.execute(
            sql: """
                CREATE TABLE observations (
                  batch_id INTEGER NOT NULL REFERENCES batches(id),
                  seq INTEGER NOT NULL,
                  domain TEXT NOT NULL,
                  ref_area TEXT NOT NULL,
                  time_period INTEGER NOT NULL,
                  direction TEXT,
                  sex TEXT NOT NULL, age TEXT NOT NULL, partner TEXT NOT NULL, duration TEXT NOT NULL,
                  reason TEXT NOT NULL, education TEXT NOT NULL, sector TEXT NOT NULL, occupation TEXT NOT NULL,
                  obs_value REAL,
                  obs_status TEXT NOT NULL,
                  currency TEXT, measure TEXT, unit TEXT, period TEXT,
                  line INTEGER NOT NULL,
                  PRIMARY KEY (batch_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX observations_area ON observations(batch_id, ref_area);
                """)
        // Microdata sources are kept summed: per (country, year, direction) the counter block
        // of `MicrodataStore` (record count and weights in cents, codes in `microdata_codes`;
        // its non-zero counters only, see `SQLiteStore.sparse`),
        // plus the cells and record counts of records that took the general path.
        try db.execute(
            sql: """
                CREATE TABLE microdata_blocks (
                  batch_id INTEGER NOT NULL REFERENCES batches(id),
                  ref_area TEXT NOT NULL, time_period INTEGER NOT NULL, direction TEXT NOT NULL,
                  counters BLOB NOT NULL,
                  PRIMARY KEY (batch_id, ref_area, time_period, direction)
                ) WITHOUT ROWID;
                CREATE TABLE microdata_cells (
                  batch_id INTEGER NOT NULL REFERENCES batches(id),
                  seq INTEGER NOT NULL,
                  domain TEXT NOT NULL, ref_area TEXT NOT NULL, time_period INTEGER NOT NULL, direction TEXT,
                  sex TEXT NOT NULL, age TEXT NOT NULL, partner TEXT NOT NULL, duration TEXT NOT NULL,
                  reason TEXT NOT NULL, education TEXT NOT NULL, sector TEXT NOT NULL, occupation TEXT NOT NULL,
                  obs_value REAL NOT NULL, cents INTEGER NOT NULL, obs_status TEXT NOT NULL,
                  missing INTEGER NOT NULL, contributions INTEGER NOT NULL,
                  PRIMARY KEY (batch_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX microdata_cells_area ON microdata_cells(batch_id, ref_area);
                CREATE TABLE microdata_records (
                  batch_id INTEGER NOT NULL REFERENCES batches(id),
                  ref_area TEXT NOT NULL, time_period INTEGER NOT NULL, direction TEXT NOT NULL,
                  records INTEGER NOT NULL,
                  PRIMARY KEY (batch_id, ref_area, time_period, direction)
                ) WITHOUT ROWID;
                """)
        // Publication: which batches a published run used; every indicator value with the
        // run that published it and the run that replaced or removed it (NULL: still current).
        // A run collects its changes in `pending_changes` and applies them when it publishes.
        try db.execute(
            sql: """
                CREATE TABLE run_batches (
                  run_id INTEGER NOT NULL REFERENCES runs(id),
                  batch_id INTEGER NOT NULL REFERENCES batches(id),
                  PRIMARY KEY (run_id, batch_id)
                ) WITHOUT ROWID;
                CREATE TABLE published (
                  id INTEGER PRIMARY KEY,
                  ref_area TEXT NOT NULL,
                  indicator TEXT NOT NULL,
                  sex TEXT NOT NULL,
                  counterpart_area TEXT NOT NULL,
                  sector TEXT NOT NULL,
                  rank TEXT NOT NULL,
                  time_period INTEGER NOT NULL,
                  obs_value TEXT NOT NULL,
                  unit_measure TEXT NOT NULL,
                  obs_status TEXT NOT NULL,
                  from_run INTEGER NOT NULL REFERENCES runs(id),
                  to_run INTEGER REFERENCES runs(id)
                );
                CREATE INDEX published_current ON published(ref_area) WHERE to_run IS NULL;
                CREATE TABLE pending_changes (
                  run_id INTEGER NOT NULL REFERENCES runs(id),
                  seq INTEGER NOT NULL,
                  old_id INTEGER REFERENCES published(id),
                  ref_area TEXT NOT NULL, indicator TEXT NOT NULL, sex TEXT NOT NULL, counterpart_area TEXT NOT NULL,
                  sector TEXT NOT NULL, rank TEXT NOT NULL, time_period INTEGER NOT NULL,
                  obs_value TEXT, unit_measure TEXT, obs_status TEXT,
                  PRIMARY KEY (run_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX published_from ON published(from_run);
                CREATE INDEX published_to ON published(to_run);
                """)
        // Each country's share of the published tables as last rendered, with the digest of
        // everything it was computed from (a country whose digest is unchanged is not
        // recomputed) and the digest of the bytes (a country recomputed to the same bytes has
        // no changed values). A run writes its rows as it goes; they count only once that run
        // is `published`. `table_outputs` does the same for whole tables (measures.csv).
        try db.execute(
            sql: """
                CREATE TABLE country_outputs (
                  ref_area TEXT PRIMARY KEY,
                  run_id INTEGER NOT NULL REFERENCES runs(id),
                  digest TEXT NOT NULL,
                  rendering TEXT NOT NULL,
                  rows INTEGER NOT NULL,
                  long BLOB NOT NULL,
                  wide BLOB NOT NULL,
                  profile BLOB NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE table_outputs (
                  name TEXT PRIMARY KEY,
                  run_id INTEGER NOT NULL REFERENCES runs(id),
                  digest TEXT NOT NULL,
                  content BLOB NOT NULL
                ) WITHOUT ROWID;
                """)
    }

    /// Release safety (issue 18): the store's identity (the output folder's `.emp-release`
    /// marker names it, so a release is never written from another store); per run the
    /// digest of emp's way of computing (a new catalogue or engine recomputes every country),
    /// the sources published from an earlier batch because their delivery failed, and the
    /// run's warnings; per kept table the digest of its bytes (checked before reuse).
    static func v2(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                ALTER TABLE runs ADD COLUMN compute TEXT;
                ALTER TABLE runs ADD COLUMN stale TEXT;
                ALTER TABLE runs ADD COLUMN warnings TEXT;
                ALTER TABLE table_outputs ADD COLUMN content_sha256 TEXT;
                CREATE TABLE country_facts (
                  ref_area TEXT PRIMARY KEY,
                  run_id INTEGER NOT NULL REFERENCES runs(id),
                  numbers INTEGER NOT NULL,
                  gaps TEXT
                ) WITHOUT ROWID;
                """)
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES ('store_id', ?)", arguments: [UUID().uuidString.lowercased()])
    }

    /// Output formats as a registry (issue 10): a country's rendering is kept per format name,
    /// so a new format needs no new column. The three parts kept so far move over as they are
    /// (their digest does not change: see `CountryOutput.renderingDigest`). Rejected rows are
    /// kept as values: the quarantine file's header and each row's own cells, from which the
    /// file is written again (stores from before keep their file in `batches.quarantine`).
    static func v3(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE country_renderings (
                  ref_area TEXT NOT NULL,
                  format TEXT NOT NULL,
                  content BLOB NOT NULL,
                  PRIMARY KEY (ref_area, format)
                ) WITHOUT ROWID;
                INSERT INTO country_renderings SELECT ref_area, 'indicators', long FROM country_outputs;
                INSERT INTO country_renderings SELECT ref_area, 'indicators_wide', wide FROM country_outputs;
                INSERT INTO country_renderings SELECT ref_area, 'profiles', profile FROM country_outputs;
                ALTER TABLE country_outputs DROP COLUMN long;
                ALTER TABLE country_outputs DROP COLUMN wide;
                ALTER TABLE country_outputs DROP COLUMN profile;
                ALTER TABLE batches ADD COLUMN quarantine_header TEXT;
                ALTER TABLE quarantined_rows ADD COLUMN cells TEXT;
                """)
    }

    /// A store that does not balloon (issue 11): the batches the store only gives back whole
    /// (ready-made measures) keep their rows as one deflated payload (`ObservationPayload`), and a
    /// kept table (measures.csv) is deflated; rows kept before stay as they are and read as before.
    static func v4(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE batch_payloads (
                  batch_id INTEGER PRIMARY KEY REFERENCES batches(id),
                  rows INTEGER NOT NULL,
                  content BLOB NOT NULL
                );
                ALTER TABLE table_outputs ADD COLUMN deflated INTEGER NOT NULL DEFAULT 0;
                """)
    }

    /// Renderings kept deflated (issue 12): the HTML report made them most of a store's bytes,
    /// and HTML compresses tenfold. Renderings kept before stay as they are and read as before.
    static func v5(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE country_renderings ADD COLUMN deflated INTEGER NOT NULL DEFAULT 0")
    }
}

extension StoreSchema {
    /// A run's staged changes live in a table of the connection's own (SQLite's temp schema),
    /// which hides the store's `pending_changes` of the same name: they never outlived a run
    /// (each run starts by deleting them), and in the store file each was written, indexed,
    /// read back into `published` and deleted again — a tenth of a 1M-row first publication,
    /// the second core idle. Here they are never journaled to the store, and a publication
    /// clears them at once (no foreign keys, so SQLite truncates the table). A publication
    /// copies them into `published` in the same transaction, so it stays all or nothing.
    /// The store's own table stays, empty, for the emp versions before this one.
    static func stagingTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS pending_changes (
                  run_id INTEGER NOT NULL,
                  seq INTEGER NOT NULL,
                  old_id INTEGER,
                  ref_area TEXT NOT NULL, indicator TEXT NOT NULL, sex TEXT NOT NULL, counterpart_area TEXT NOT NULL,
                  sector TEXT NOT NULL, rank TEXT NOT NULL, time_period INTEGER NOT NULL,
                  obs_value TEXT, unit_measure TEXT, obs_status TEXT,
                  PRIMARY KEY (run_id, seq)
                ) WITHOUT ROWID
                """)
    }
}
