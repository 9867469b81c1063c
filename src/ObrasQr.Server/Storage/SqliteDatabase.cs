using Microsoft.Data.Sqlite;

namespace ObrasQr.Server.Storage;

/// <summary>The embedded database: one SQLite file in the data directory, WAL and full sync for durability.</summary>
public sealed class SqliteDatabase
{
    readonly string connectionString;

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, Schema);
        Migrate(connection);
    }

    // Databases made before the current version's JSON moved out of `contracts` (stored once, not twice).
    static void Migrate(SqliteConnection connection)
    {
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('contracts') WHERE name = 'json'";
        if (Convert.ToInt32(check.ExecuteScalar()) == 0) return;
        using var transaction = connection.BeginTransaction();
        Execute(connection, """
            CREATE TABLE contracts_current (contract_id TEXT PRIMARY KEY, version INTEGER NOT NULL, published INTEGER NOT NULL,
                content_hash TEXT NOT NULL, updated_in_secop TEXT, synced_at TEXT NOT NULL, source TEXT NOT NULL) WITHOUT ROWID;
            INSERT INTO contracts_current SELECT contract_id, version, published, content_hash,
                json_extract(json, '$.updatedInSecop'), synced_at, source FROM contracts;
            DROP TABLE contracts;
            ALTER TABLE contracts_current RENAME TO contracts;
            """, transaction);
        transaction.Commit();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // FULL: an acknowledged write is on disk even if the machine loses power, not only if the process dies.
        // 16 KiB pages hold several contract versions (~1.6 KB of JSON each) instead of two: less to write on import.
        // It only takes effect on a new database (before WAL mode is set); afterwards it is a no-op.
        Execute(connection, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    const string Schema = """
        -- The current version of each contract; its JSON is in contract_versions.
        CREATE TABLE IF NOT EXISTS contracts (
            contract_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            published INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            updated_in_secop TEXT,
            synced_at TEXT NOT NULL,
            source TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS contract_versions (
            contract_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            synced_at TEXT NOT NULL,
            source TEXT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (contract_id, version));
        CREATE TABLE IF NOT EXISTS reports (
            report_id TEXT PRIMARY KEY,
            contract_id TEXT NOT NULL,
            category TEXT NOT NULL,
            status TEXT NOT NULL,
            received_at TEXT NOT NULL,
            deadline TEXT NOT NULL,
            tracking_hash TEXT NOT NULL UNIQUE,
            idempotency_key TEXT UNIQUE,
            version INTEGER NOT NULL,
            json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS reports_by_contract ON reports (contract_id, received_at);
        CREATE INDEX IF NOT EXISTS reports_by_received ON reports (received_at, report_id);
        -- The desk's filters at 100,000 reports: each walks its own index newest first instead of the whole table.
        CREATE INDEX IF NOT EXISTS reports_by_status ON reports (status, received_at, report_id);
        CREATE INDEX IF NOT EXISTS reports_by_category ON reports (category, received_at, report_id);
        CREATE INDEX IF NOT EXISTS reports_by_contract_status ON reports (contract_id, status, received_at, report_id);
        -- Open reports newest first with their deadline: the overdue filter reads only this (a partial index; its WHERE
        -- must stay the same text as the store's overdue condition for SQLite to use it).
        CREATE INDEX IF NOT EXISTS reports_open ON reports (received_at, report_id, deadline)
            WHERE status IN ('recibido', 'en_revision', 'trasladado');
        -- Codes issued to idempotent retries of a report, besides the one in reports.tracking_hash.
        CREATE TABLE IF NOT EXISTS report_codes (
            tracking_hash TEXT PRIMARY KEY,
            report_id TEXT NOT NULL REFERENCES reports (report_id));
        -- Ley 1581: personal data apart from the report.
        CREATE TABLE IF NOT EXISTS reporters (
            report_id TEXT PRIMARY KEY REFERENCES reports (report_id),
            json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS exports (
            export_id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,
            json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS exports_by_status ON exports (status, uploaded_at);
        CREATE TABLE IF NOT EXISTS sync_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        """;
}
