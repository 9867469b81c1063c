using System.Text.Json;
using Microsoft.Data.Sqlite;
using ObrasQr.Contracts;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;
using ObrasQr.Sync;

namespace ObrasQr.Tests.Storage;

/// <summary>The embedded schema's numbered migrations (PRAGMA user_version) and its indexes built from domain rules.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    string DatabasePath => System.IO.Path.Combine(temp.Path, "obrasqr.db");

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The schema text as the server ran it before migrations were numbered: every such database has user_version 0.
    const string SchemaBeforeVersions = """
        CREATE TABLE IF NOT EXISTS contracts (contract_id TEXT PRIMARY KEY, version INTEGER NOT NULL, published INTEGER NOT NULL,
            content_hash TEXT NOT NULL, updated_in_secop TEXT, synced_at TEXT NOT NULL, source TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS contract_versions (contract_id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
            synced_at TEXT NOT NULL, source TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (contract_id, version));
        CREATE TABLE IF NOT EXISTS reports (report_id TEXT PRIMARY KEY, contract_id TEXT NOT NULL, category TEXT NOT NULL,
            status TEXT NOT NULL, received_at TEXT NOT NULL, deadline TEXT NOT NULL, tracking_hash TEXT NOT NULL UNIQUE,
            idempotency_key TEXT UNIQUE, version INTEGER NOT NULL, json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS reports_by_contract ON reports (contract_id, received_at);
        CREATE INDEX IF NOT EXISTS reports_by_received ON reports (received_at, report_id);
        CREATE INDEX IF NOT EXISTS reports_by_status ON reports (status, received_at, report_id);
        CREATE INDEX IF NOT EXISTS reports_by_category ON reports (category, received_at, report_id);
        CREATE INDEX IF NOT EXISTS reports_by_contract_status ON reports (contract_id, status, received_at, report_id);
        CREATE INDEX IF NOT EXISTS reports_open ON reports (received_at, report_id, deadline)
            WHERE status IN ('recibido', 'en_revision', 'trasladado');
        CREATE TABLE IF NOT EXISTS report_codes (tracking_hash TEXT PRIMARY KEY, report_id TEXT NOT NULL REFERENCES reports (report_id));
        CREATE TABLE IF NOT EXISTS reporters (report_id TEXT PRIMARY KEY REFERENCES reports (report_id), json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS exports (export_id TEXT PRIMARY KEY, status TEXT NOT NULL, uploaded_at TEXT NOT NULL, json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS exports_by_status ON exports (status, uploaded_at);
        CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """;

    static readonly Report Late = new()
    {
        ReportId = "r1", ContractId = "CO1.PCCNTR.1", Category = "otro", Description = "La obra está detenida.",
        ReceivedAt = new DateTimeOffset(2026, 11, 3, 15, 0, 0, TimeSpan.Zero), Deadline = new DateOnly(2026, 11, 25),
        Status = ReportStatus.Forwarded, TrackingCodeHash = TrackingCode.Hash("first-code"),
    };

    void Run(string sql)
    {
        Directory.CreateDirectory(temp.Path);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            connection.Open();
            SqliteDatabase.Execute(connection, sql);
        }
    }

    long Pragma(string name)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_database_from_before_schema_versions_is_migrated_once_keeping_its_rows()
    {
        var contract = ContractJson.Serialize(new Contract { ContractId = "CO1.PCCNTR.1", Value = 5, Type = "Obra", Status = "En ejecución" });
        var identity = new ReporterIdentity("r1", "Ana", null, null, Late.ReceivedAt, "Acepto");
        var export = new SecopExport { ExportId = "e1", FileName = "a.csv", ContentType = "text/csv", FilePath = "exports/e1", UploadedAt = Late.ReceivedAt, UploadedBy = "oficina" };
        Run(SchemaBeforeVersions + $"""
            INSERT INTO contracts VALUES ('CO1.PCCNTR.1', 1, 1, 'h1', NULL, '2026-06-01T00:00:00.0000000+00:00', 'demo');
            INSERT INTO contract_versions VALUES ('CO1.PCCNTR.1', 1, 'h1', '2026-06-01T00:00:00.0000000+00:00', 'demo', '{contract}');
            INSERT INTO reports VALUES ('r1', 'CO1.PCCNTR.1', 'otro', 'trasladado', '2026-11-03T15:00:00.0000000Z', '2026-11-25',
                '{Late.TrackingCodeHash}', NULL, 1, '{JsonSerializer.Serialize(Late, Json)}');
            INSERT INTO report_codes VALUES ('{TrackingCode.Hash("retry-code")}', 'r1');
            INSERT INTO reporters VALUES ('r1', '{JsonSerializer.Serialize(identity, Json)}');
            INSERT INTO exports VALUES ('e1', 'pending', '2026-11-03T15:00:00.0000000Z', '{JsonSerializer.Serialize(export, Json)}');
            INSERT INTO sync_state VALUES ('soda:watermark', '2026-11-01');
            """);
        Assert.Equal(0, Pragma("user_version"));

        var db = new SqliteDatabase(DatabasePath);
        SqliteConnection.ClearAllPools();
        var (version, schema) = (Pragma("user_version"), Pragma("schema_version"));
        new SqliteDatabase(DatabasePath);
        SqliteConnection.ClearAllPools();

        Assert.Equal(SqliteSchema.Version, version);
        Assert.Equal((version, schema), (Pragma("user_version"), Pragma("schema_version"))); // the second open changed nothing
        Assert.Equal(5m, (await new SqliteContractStore(db).FindAsync("CO1.PCCNTR.1"))!.Contract.Value);
        using var reports = new SqliteReportStore(db);
        Assert.Equal("r1", (await reports.FindByTrackingHashAsync(TrackingCode.Hash("retry-code")))?.ReportId);
        Assert.Equal("Ana", (await reports.FindIdentityAsync("r1"))?.Name);
        Assert.Equal(["r1"], (await reports.ListAsync(new ReportQuery { OverdueOn = new DateOnly(2026, 12, 1) })).Select(r => r.ReportId));
        Assert.Equal("e1", Assert.Single(await new SqliteExportStore(db).ListPendingAsync()).ExportId);
        Assert.Equal("2026-11-01", await new SqliteSyncStateStore(db).GetAsync("soda:watermark"));
    }

    [Fact]
    public async Task A_database_from_before_progress_sources_reads_its_entries_as_the_offices_and_keeps_new_ones_sources()
    {
        temp.Database();
        SqliteConnection.ClearAllPools();
        var office = """{"entryId":"e1","contractId":"CO1.PCCNTR.1","observedOn":"2026-11-18","percent":30,"recordedBy":"Ana","recordedAt":"2026-11-18T15:00:00+00:00"}""";
        // As the database was before the step: no source column, one entry the office recorded.
        Run($"""
            ALTER TABLE progress_entries DROP COLUMN source;
            PRAGMA user_version = {SqliteSchema.VersionAfter("ProgressEntriesKnowTheirSource") - 1};
            INSERT INTO progress_entries (entry_id, contract_id, observed_on, recorded_at, json)
                VALUES ('e1', 'CO1.PCCNTR.1', '2026-11-18', '2026-11-18T15:00:00.0000000Z', '{office}');
            """);

        var store = new SqliteProgressStore(new SqliteDatabase(DatabasePath));
        await store.AddAsync((await store.FindAsync("CO1.PCCNTR.1", "e1"))! with { EntryId = "e2", Source = ObrasQr.Progress.ProgressSource.Secop });

        Assert.Equal(SqliteSchema.Version, Pragma("user_version"));
        Assert.Equal([ObrasQr.Progress.ProgressSource.Office, ObrasQr.Progress.ProgressSource.Secop],
            (await store.ListAsync("CO1.PCCNTR.1", 10)).OrderBy(e => e.EntryId).Select(e => e.Source));
    }

    [Fact]
    public async Task A_database_from_before_corrections_reads_its_entries_as_version_1_and_corrects_them()
    {
        temp.Database();
        SqliteConnection.ClearAllPools();
        var office = """{"entryId":"e1","contractId":"CO1.PCCNTR.1","observedOn":"2026-11-18","percent":30,"recordedBy":"Ana","recordedAt":"2026-11-18T15:00:00+00:00"}""";
        // As the database was before the step: no version or deleted_at column, no history table, one entry.
        Run($"""
            ALTER TABLE progress_entries DROP COLUMN version;
            ALTER TABLE progress_entries DROP COLUMN deleted_at;
            DROP TABLE progress_history;
            PRAGMA user_version = {SqliteSchema.VersionAfter("ProgressEntriesCanBeCorrected") - 1};
            INSERT INTO progress_entries (entry_id, contract_id, observed_on, recorded_at, json)
                VALUES ('e1', 'CO1.PCCNTR.1', '2026-11-18', '2026-11-18T15:00:00.0000000Z', '{office}');
            """);

        var store = new SqliteProgressStore(new SqliteDatabase(DatabasePath));
        var entry = (await store.FindAsync("CO1.PCCNTR.1", "e1"))!;
        var corrected = await store.CorrectAsync(entry with { Percent = 35, Version = 2 },
            new ObrasQr.Progress.ProgressRevision { Was = entry, ChangedBy = "Beto", ChangedAt = DateTimeOffset.UnixEpoch });

        Assert.Equal(SqliteSchema.Version, Pragma("user_version"));
        Assert.Equal(1, entry.Version);
        Assert.True(corrected);
        Assert.Equal(35, (await store.FindAsync("CO1.PCCNTR.1", "e1"))!.Percent);
        Assert.Equal(30, Assert.Single(await store.HistoryAsync("CO1.PCCNTR.1", "e1")).Was.Percent);
    }

    [Fact]
    public async Task The_open_reports_index_is_rebuilt_when_the_open_statuses_change()
    {
        var db = temp.Database();
        SqliteConnection.ClearAllPools();
        // As if the index had been made when only "recibido" counted as open.
        Run("DROP INDEX reports_open; CREATE INDEX reports_open ON reports (received_at, report_id, deadline) WHERE status IN ('recibido')");

        db = new SqliteDatabase(DatabasePath);
        using var reports = new SqliteReportStore(db);
        await reports.AddAsync(Late, null);

        // The overdue query names the index (INDEXED BY): it fails unless the index's WHERE is the query's open statuses.
        Assert.Equal(["r1"], (await reports.ListAsync(new ReportQuery { OverdueOn = new DateOnly(2026, 12, 1) })).Select(r => r.ReportId));
    }

    [Fact]
    public void A_database_from_a_newer_version_is_refused_with_the_reason()
    {
        Run($"PRAGMA user_version = {SqliteSchema.Version + 1}");

        var refused = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(DatabasePath));

        Assert.Contains("versión más nueva", refused.Message);
    }

    [Fact]
    public async Task A_database_with_the_current_JSON_stored_twice_is_migrated_keeping_every_contract()
    {
        var json = """{"contractId":"CO1.PCCNTR.1","value":5,"status":"En ejecución","type":"Obra","updatedInSecop":"2026-06-18T00:00:00"}""";
        Run($"""
            CREATE TABLE contracts (contract_id TEXT PRIMARY KEY, version INTEGER NOT NULL, published INTEGER NOT NULL,
                content_hash TEXT NOT NULL, synced_at TEXT NOT NULL, source TEXT NOT NULL, json TEXT NOT NULL);
            CREATE TABLE contract_versions (contract_id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
                synced_at TEXT NOT NULL, source TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (contract_id, version));
            INSERT INTO contracts VALUES ('CO1.PCCNTR.1', 1, 1, 'h1', '2026-06-01T00:00:00.0000000+00:00', 'demo', '{json}');
            INSERT INTO contract_versions VALUES ('CO1.PCCNTR.1', 1, 'h1', '2026-06-01T00:00:00.0000000+00:00', 'demo', '{json}');
            """);

        var store = new SqliteContractStore(new SqliteDatabase(DatabasePath));

        Assert.Equal(5m, (await store.FindAsync("CO1.PCCNTR.1"))!.Contract.Value);
        Assert.Equal(new DateTime(2026, 6, 18), (await store.HeadsAsync(["CO1.PCCNTR.1"]))["CO1.PCCNTR.1"].UpdatedInSecop);
        Assert.Single(await store.ListPublishedAsync(null, 10));
    }

    [Fact]
    public async Task A_database_from_before_facts_summaries_gets_them_built_by_the_first_reader_and_folded_on()
    {
        string Json(int addedDays) => ContractJson.Serialize(new Contract
        {
            ContractId = "CO1.PCCNTR.1", Value = 5, Type = "Obra", Status = "En ejecución", AddedDays = addedDays, EndsOn = new DateOnly(2027, 1, 1).AddDays(addedDays),
        });
        Run(SchemaBeforeVersions + $"""
            INSERT INTO contracts VALUES ('CO1.PCCNTR.1', 3, 1, 'h3', NULL, '2026-06-03T00:00:00.0000000+00:00', 'demo');
            INSERT INTO contract_versions VALUES ('CO1.PCCNTR.1', 1, 'h1', '2026-06-01T00:00:00.0000000+00:00', 'demo', '{Json(0)}');
            INSERT INTO contract_versions VALUES ('CO1.PCCNTR.1', 2, 'h2', '2026-06-02T00:00:00.0000000+00:00', 'demo', '{Json(10)}');
            INSERT INTO contract_versions VALUES ('CO1.PCCNTR.1', 3, 'h3', '2026-06-03T00:00:00.0000000+00:00', 'demo', '{Json(20)}');
            """);
        var store = new SqliteContractStore(new SqliteDatabase(DatabasePath));
        var today = new DateOnly(2026, 11, 21);
        Assert.Null((await store.RecentAsync("CO1.PCCNTR.1", 1))!.Summary);

        var facts = (await RecentFacts.LoadAsync(store, "CO1.PCCNTR.1", 1, today, default))!.Facts;
        Assert.Equal(2, facts.Extensions); // from every version, though only the latest was asked for
        Assert.True((await store.RecentAsync("CO1.PCCNTR.1", 1))!.Summary!.IsCurrentFor(3)); // kept

        var v3 = (await store.FindAsync("CO1.PCCNTR.1"))!;
        Assert.True(await store.AddVersionAsync(v3.Next(v3.Contract with { AddedDays = 30 }, v3.SyncedAt.AddDays(1), "demo")!));
        var folded = (await store.RecentAsync("CO1.PCCNTR.1", 1))!.Summary!;
        Assert.True(folded.IsCurrentFor(4));
        Assert.Equal(3, folded.Extensions);
    }
}
