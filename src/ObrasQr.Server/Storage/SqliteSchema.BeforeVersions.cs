using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ObrasQr.Server.Storage;

// Step 1 apart: it is the whole schema of its time, longer than any later step, and like every step never changes.
public static partial class SqliteSchema
{
    /// <summary>
    /// Step 1: the schema as it was when versions started being counted. Databases of that time (user_version 0) hold
    /// some or all of it, so it only adds what is missing, and moves the current version's JSON out of `contracts`
    /// where it was still stored twice.
    /// </summary>
    static void BeforeVersions(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteDatabase.Execute(connection, """
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
            """, transaction);

        using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('contracts') WHERE name = 'json'";
        if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return;
        SqliteDatabase.Execute(connection, """
            CREATE TABLE contracts_current (contract_id TEXT PRIMARY KEY, version INTEGER NOT NULL, published INTEGER NOT NULL,
                content_hash TEXT NOT NULL, updated_in_secop TEXT, synced_at TEXT NOT NULL, source TEXT NOT NULL) WITHOUT ROWID;
            INSERT INTO contracts_current SELECT contract_id, version, published, content_hash,
                json_extract(json, '$.updatedInSecop'), synced_at, source FROM contracts;
            DROP TABLE contracts;
            ALTER TABLE contracts_current RENAME TO contracts;
            """, transaction);
    }
}
