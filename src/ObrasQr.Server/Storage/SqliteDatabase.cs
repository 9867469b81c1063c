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
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // FULL: an acknowledged write is on disk even if the machine loses power, not only if the process dies.
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
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
        CREATE TABLE IF NOT EXISTS contracts (
            contract_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            published INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            synced_at TEXT NOT NULL,
            source TEXT NOT NULL,
            json TEXT NOT NULL);
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
