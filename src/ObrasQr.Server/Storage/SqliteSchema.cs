using System.Globalization;
using Microsoft.Data.Sqlite;
using ObrasQr.Reports;

namespace ObrasQr.Server.Storage;

/// <summary>
/// The embedded database's schema: numbered steps, each run once in its own transaction, with PRAGMA user_version
/// holding the last one run; then the indexes whose text comes from domain rules, rebuilt when that text changed.
/// </summary>
public static partial class SqliteSchema
{
    /// <summary>The domain's open statuses (<see cref="ReportStatus.Open"/>) as SQL. The overdue query and the partial
    /// index share this very text: SQLite only uses a partial index whose WHERE the query repeats.</summary>
    public static readonly string OpenReports = $"status IN ({string.Join(", ", ReportStatus.Open.Select(Literal))})";

    /// <summary>Indexes built from domain rules: checked on every start against the text SQLite keeps of each
    /// (sqlite_master.sql, "CREATE INDEX name ..." as written), and rebuilt when a rule changed.</summary>
    static readonly (string Name, string Sql)[] RuleIndexes =
    [
        // Open reports newest first with their deadline: the overdue filter reads only this.
        ("reports_open", $"CREATE INDEX reports_open ON reports (received_at, report_id, deadline) WHERE {OpenReports}"),
    ];

    /// <summary>Progress entries that carry coordinates (the JSON's "latitude"), as SQL: the works map's query and the
    /// partial index <c>progress_located</c> share this very text.</summary>
    public const string LocatedProgress = "json_extract(json, '$.latitude') IS NOT NULL";

    /// <summary>Append only: databases out there have run the released steps, so a change is a new step.</summary>
    static readonly Action<SqliteConnection, SqliteTransaction>[] Steps =
    [
        BeforeVersions,
        ReportsKnowTheirEntity,
        StaffAccountsAndSessions,
        ProgressEntries,
        IdentityAccessIsLogged,
        ReportsCountedByEntity,
        ProgressEntriesFoundByPlace,
        ContractFactsAreSummarised,
        ContractsKeepTheirImportRowFingerprint,
        ProgressEntriesKnowTheirSource,
        SignInFailuresAreCounted,
        MailOutbox,
        WorksCanBeWithdrawn,
        ProgressEntriesCanBeCorrected,
        CatalogStampsAreKept,
        ReportFiguresAreKept,
        JobsAreQueued,
        StaffAccountsAreVersioned,
    ];

    /// <summary>The version a database has once <see cref="Migrate"/> ran.</summary>
    public static int Version => Steps.Length;

    /// <summary>The version a database has right after the step named <paramref name="step"/> (for tests that rebuild
    /// a database as it was before a step; steps after it create what they make only if it is missing).</summary>
    public static int VersionAfter(string step) => Array.FindIndex(Steps, s => s.Method.Name == step) + 1;

    public static void Migrate(SqliteConnection connection)
    {
        var found = UserVersion(connection, null);
        if (found > Version)
            throw new InvalidOperationException(
                $"La base de datos tiene el esquema {found} y este programa conoce hasta el {Version}: es de una versión más nueva de ObrasQr. Instale esa versión o una posterior.");
        for (var step = found + 1; step <= Version; step++)
        {
            using var transaction = connection.BeginTransaction(); // IMMEDIATE: another process opening the file waits here
            if (UserVersion(connection, transaction) < step) // that process may have run it meanwhile
            {
                Steps[step - 1](connection, transaction);
                SqliteDatabase.Execute(connection, $"PRAGMA user_version = {step.ToString(CultureInfo.InvariantCulture)}", transaction);
            }
            transaction.Commit();
        }
        foreach (var (name, sql) in RuleIndexes)
            if (StoredSql(connection, name, null) != sql)
            {
                using var transaction = connection.BeginTransaction();
                if (StoredSql(connection, name, transaction) != sql)
                    SqliteDatabase.Execute(connection, $"DROP INDEX IF EXISTS {name}; {sql};", transaction);
                transaction.Commit();
            }
    }

    /// <summary>
    /// Step 2: each report records the NIT of its contract's entity (staff see only their entity's reports); reports
    /// kept before get it from their contract's current version, in the column and in their JSON.
    /// </summary>
    static void ReportsKnowTheirEntity(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            ALTER TABLE reports ADD COLUMN entity_nit TEXT;
            UPDATE reports SET entity_nit = (
                SELECT json_extract(v.json, '$.entityNit') FROM contracts c
                JOIN contract_versions v ON v.contract_id = c.contract_id AND v.version = c.version
                WHERE c.contract_id = reports.contract_id);
            UPDATE reports SET json = json_set(json, '$.entityNit', entity_nit) WHERE entity_nit IS NOT NULL;
            CREATE INDEX reports_by_entity ON reports (entity_nit, received_at, report_id);
            """, transaction);

    /// <summary>
    /// Staff accounts (one per e-mail whatever its case), their desk sessions by the token's hash, and the log of
    /// changes to accounts.
    /// </summary>
    static void StaffAccountsAndSessions(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            CREATE TABLE staff (
                staff_id TEXT PRIMARY KEY,
                email_key TEXT NOT NULL UNIQUE,
                json TEXT NOT NULL);
            CREATE TABLE staff_sessions (
                token_hash TEXT PRIMARY KEY,
                staff_id TEXT NOT NULL,
                json TEXT NOT NULL);
            CREATE TABLE staff_changes (
                at TEXT NOT NULL,
                json TEXT NOT NULL);
            CREATE INDEX staff_changes_by_time ON staff_changes (at);
            """, transaction);

    /// <summary>The office's physical progress entries of each work (issue 15), newest observation first per contract.</summary>
    static void ProgressEntries(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            CREATE TABLE progress_entries (
                entry_id TEXT PRIMARY KEY,
                contract_id TEXT NOT NULL,
                observed_on TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                json TEXT NOT NULL);
            CREATE INDEX progress_by_contract ON progress_entries (contract_id, observed_on, recorded_at, entry_id);
            """, transaction);

    /// <summary>Step: who opened a reporter's identity and when (Ley 1581 de 2012 art. 17), shown on the report's desk page.</summary>
    static void IdentityAccessIsLogged(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            CREATE TABLE identity_access (
                report_id TEXT NOT NULL,
                at TEXT NOT NULL,
                by TEXT NOT NULL);
            CREATE INDEX identity_access_by_report ON identity_access (report_id, at);
            """, transaction);

    /// <summary>
    /// Step: the desk's counts by status and overdue of one entity read only this index. Without it each count read
    /// every report row of the entity (about 100 ms of CPU per list view at 100,000 reports; 5-10 ms with it).
    /// </summary>
    static void ReportsCountedByEntity(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, "CREATE INDEX reports_by_entity_status ON reports (entity_nit, status, deadline);", transaction);

    /// <summary>
    /// Step: each contract's facts summary (ContractFactsSummary as JSON), so the first view of a page with thousands of
    /// versions does not read them all. Left empty here: a summary needs the domain's fold, and readers rebuild a
    /// missing one from the history the first time they need it (RecentFacts.LoadAsync), then keep it.
    /// </summary>
    static void ContractFactsAreSummarised(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            CREATE TABLE contract_facts (
                contract_id TEXT PRIMARY KEY,
                summary TEXT NOT NULL
            ) WITHOUT ROWID;
            """, transaction);

    /// <summary>
    /// Step: the current version of a contract keeps the fingerprint of the file row it was imported from
    /// (<see cref="Contracts.ContractVersion.RowFingerprint"/>), so re-importing that row need not read its cells.
    /// </summary>
    static void ContractsKeepTheirImportRowFingerprint(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, "ALTER TABLE contracts ADD COLUMN row_fingerprint TEXT;", transaction);

    static int UserVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    static string? StoredSql(SqliteConnection connection, string index, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $name";
        command.Parameters.AddWithValue("$name", index);
        return command.ExecuteScalar() as string;
    }

    static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Step: the works map finds each work's newest located progress entry through this index, instead of reading every
    /// entry's JSON (issue 15). Partial: entries without coordinates are not in it.
    /// </summary>
    static void ProgressEntriesFoundByPlace(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection,
            $"CREATE INDEX progress_located ON progress_entries (contract_id, observed_on, recorded_at, entry_id) WHERE {LocatedProgress};",
            transaction);

    /// <summary>
    /// Step: who states each progress entry (issue 15: the office, or SECOP II's execution dataset read by the sync).
    /// Every entry before this step was the office's.
    /// </summary>
    static void ProgressEntriesKnowTheirSource(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, "ALTER TABLE progress_entries ADD COLUMN source TEXT NOT NULL DEFAULT 'office';", transaction);

    /// <summary>
    /// Step: failed sign-ins per account and per account and address (SignInGate), counted by one statement each so
    /// that concurrent tries all count. Keys are hashes; the accounts' own counters of before are no longer read.
    /// </summary>
    static void SignInFailuresAreCounted(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection,
            "CREATE TABLE IF NOT EXISTS sign_in_failures (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last_at TEXT NOT NULL) WITHOUT ROWID;", transaction);

    /// <summary>
    /// Step: the mail outbox (issue 26). Notices wait here until the sender delivers them; the partial index holds only
    /// the ones not sent yet, so the sender's query stays small however many were sent.
    /// </summary>
    static void MailOutbox(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS mail_outbox (
                id TEXT PRIMARY KEY,
                due_at TEXT NOT NULL,
                sent_at TEXT,
                json TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (due_at, id) WHERE sent_at IS NULL;
            """, transaction);

    /// <summary>
    /// Step: the office withdraws a work from publication and publishes it again (issue 26). Every act is kept; a work is
    /// withdrawn while withdrawals points at its latest withdrawing act. Apart from the contracts: no import touches it.
    /// </summary>
    static void WorksCanBeWithdrawn(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS withdrawal_acts (
                id INTEGER PRIMARY KEY,
                contract_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                at TEXT NOT NULL,
                reason TEXT,
                staff_id TEXT,
                staff_name TEXT NOT NULL,
                entity_nit TEXT
            );
            CREATE INDEX IF NOT EXISTS withdrawal_acts_contract ON withdrawal_acts (contract_id, id);
            CREATE TABLE IF NOT EXISTS withdrawals (
                contract_id TEXT PRIMARY KEY,
                act_id INTEGER NOT NULL REFERENCES withdrawal_acts (id)
            ) WITHOUT ROWID;
            """, transaction);

    /// <summary>
    /// Step: the office corrects or deletes its progress entries (issue 26). Each entry row counts its versions (a
    /// correction names the one it corrects) and a deleted one stays as a row marked deleted_at, read by nothing but
    /// the page cache's count of changes; every earlier state goes to progress_history.
    /// </summary>
    static void ProgressEntriesCanBeCorrected(SqliteConnection connection, SqliteTransaction transaction)
    {
        // Each column only where it is missing: tests rebuild older databases from a current one.
        foreach (var (column, definition) in new[] { ("version", "INTEGER NOT NULL DEFAULT 1"), ("deleted_at", "TEXT") })
        {
            using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('progress_entries') WHERE name = '{column}'";
            if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
                SqliteDatabase.Execute(connection, $"ALTER TABLE progress_entries ADD COLUMN {column} {definition};", transaction);
        }
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS progress_history (
                entry_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                contract_id TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (entry_id, version)
            ) WITHOUT ROWID;
            """, transaction);
    }

    /// <summary>
    /// Step: the works catalog's stamps (issue 27, <see cref="SqliteCatalogStamps"/>), started for the data already
    /// stored so that an instance's first read finds every entity that has contracts.
    /// </summary>
    static void CatalogStampsAreKept(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS catalog_stamps (scope TEXT PRIMARY KEY, stamp INTEGER NOT NULL) WITHOUT ROWID;
            INSERT OR IGNORE INTO catalog_stamps (scope, stamp)
                SELECT DISTINCT '{SqliteCatalogStamps.EntityPrefix}' || {SqliteCatalogStamps.EntityOfJson}, 1
                FROM contracts c JOIN contract_versions v ON v.contract_id = c.contract_id AND v.version = c.version;
            INSERT OR IGNORE INTO catalog_stamps (scope, stamp) VALUES ('{SqliteCatalogStamps.National}', 1), ('{SqliteCatalogStamps.Points}', 1);
            """, transaction);

    /// <summary>
    /// Step: the figures kept as reports change (issue 27): each report's fact, found by entity, and the change stamp
    /// and national roll-up. Empty here: the figures' first run rebuilds them from the reports.
    /// </summary>
    static void ReportFiguresAreKept(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS report_facts (
                report_id TEXT PRIMARY KEY,
                entity_nit TEXT NOT NULL,
                month TEXT NOT NULL,
                version INTEGER NOT NULL,
                json TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS report_facts_entity ON report_facts (entity_nit, month);
            CREATE TABLE IF NOT EXISTS figure_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            """, transaction);

    /// <summary>
    /// Step: background jobs (issue 28, <see cref="SqliteJobs"/>): one row per job key that is queued or running, with
    /// its lease, attempts, checkpoint and last error. Times are UTC text in one fixed format, so they compare as text.
    /// </summary>
    static void JobsAreQueued(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS jobs (
                job_key TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                status TEXT NOT NULL,
                due_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                lease_holder TEXT,
                lease_expires TEXT,
                requested_again INTEGER NOT NULL DEFAULT 0,
                checkpoint TEXT,
                last_error TEXT
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, due_at);
            """, transaction);

    /// <summary>
    /// Step: each account carries a version that every change moves, so a change is written only over the version it
    /// read (<see cref="Staff.StaffChanges.ChangeAsync"/>, issue 28).
    /// </summary>
    static void StaffAccountsAreVersioned(SqliteConnection connection, SqliteTransaction transaction)
    {
        // Only where it is missing: tests rebuild older databases from a current one.
        using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('staff') WHERE name = 'version'";
        if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            SqliteDatabase.Execute(connection, "ALTER TABLE staff ADD COLUMN version INTEGER NOT NULL DEFAULT 0;", transaction);
    }
}
