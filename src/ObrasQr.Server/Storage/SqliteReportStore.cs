using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using ObrasQr.Mail;
using ObrasQr.Reports;

namespace ObrasQr.Server.Storage;

public sealed class SqliteReportStore : IReportStore, IDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    /// <summary>At most this many submissions share one transaction: a bound on how long the first one waits.</summary>
    const int MaxGroup = 256;

    readonly SqliteDatabase db;
    readonly Channel<PendingAdd> pending = Channel.CreateUnbounded<PendingAdd>(new UnboundedChannelOptions { SingleReader = true });
    readonly Thread writer;

    sealed record PendingAdd(Report Report, ReporterIdentity? Identity, TaskCompletionSource<Report> Done);

    public SqliteReportStore(SqliteDatabase db)
    {
        this.db = db;
        writer = new Thread(WriteGroups) { IsBackground = true, Name = "ObrasQr report writer" };
        writer.Start();
    }

    /// <summary>
    /// Group commit: every submission that arrives while the previous group is being written waits in a queue; one
    /// writer stores the whole queue in one transaction, made durable by one fsync (synchronous=FULL), and only then
    /// answers each of them. So a burst costs one fsync per group, not one per report, and a 201 still means "on
    /// disk". One submission's failure (a constraint, say) is rolled back to its own savepoint and fails only it.
    /// </summary>
    public Task<Report> AddAsync(Report report, ReporterIdentity? identity, CancellationToken ct = default)
    {
        var add = new PendingAdd(report, identity, new TaskCompletionSource<Report>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!pending.Writer.TryWrite(add)) throw new ObjectDisposedException(nameof(SqliteReportStore));
        return add.Done.Task;
    }

    void WriteGroups()
    {
        var group = new List<PendingAdd>(MaxGroup);
        while (pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < MaxGroup && pending.Reader.TryRead(out var add)) group.Add(add);
            WriteGroup(group);
        }
    }

    void WriteGroup(List<PendingAdd> group)
    {
        var stored = new List<(PendingAdd Add, Report Report)>(group.Count);
        try
        {
            using var connection = db.Open();
            using var transaction = connection.BeginTransaction();
            for (var i = 0; i < group.Count; i++)
            {
                transaction.Save("s");
                try
                {
                    stored.Add((group[i], Add(connection, transaction, group[i].Report, group[i].Identity)));
                    transaction.Release("s");
                }
                catch (Exception e)
                {
                    transaction.Rollback("s");
                    transaction.Release("s");
                    group[i].Done.TrySetException(e);
                }
            }
            transaction.Commit(); // synchronous=FULL: on disk before any of them gets an answer
        }
        catch (Exception e)
        {
            foreach (var add in group) add.Done.TrySetException(e);
            return;
        }
        foreach (var (add, report) in stored) add.Done.TrySetResult(report);
    }

    static Report Add(SqliteConnection connection, SqliteTransaction transaction, Report report, ReporterIdentity? identity)
    {
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO reports (report_id, contract_id, entity_nit, category, status, received_at, deadline, tracking_hash, idempotency_key, version, json)
                VALUES ($id, $contract, $entity, $category, $status, $received, $deadline, $hash, $key, $version, $json)
                ON CONFLICT (report_id) DO NOTHING ON CONFLICT (idempotency_key) DO NOTHING
                """;
            Bind(insert, report);
            insert.Parameters.AddWithValue("$hash", report.TrackingCodeHash);
            insert.Parameters.AddWithValue("$key", (object?)report.IdempotencyKey ?? DBNull.Value);
            // Every attempt with one key has the same report id (ReportIntake.ReportIdOf), so a retry meets the earlier report
            // on its id or, for reports stored before ids came from keys, on its key: either way it is that key's report.
            // Any other conflict (a tracking hash already taken) is an error for this submission alone.
            if (insert.ExecuteNonQuery() == 0)
            {
                if (report.IdempotencyKey is null) throw new InvalidOperationException($"Report {report.ReportId} already exists.");
                // A retry: the report is already stored. Its receipt may have been lost, so the retry's code is
                // registered to find the same report too.
                var existing = Find(connection, "idempotency_key", report.IdempotencyKey!, transaction)!;
                using var code = connection.CreateCommand();
                code.Transaction = transaction;
                code.CommandText = "INSERT OR IGNORE INTO report_codes (tracking_hash, report_id) VALUES ($hash, $id)";
                code.Parameters.AddWithValue("$hash", report.TrackingCodeHash);
                code.Parameters.AddWithValue("$id", existing.ReportId);
                code.ExecuteNonQuery();
                return existing;
            }
        }
        if (identity is not null)
        {
            using var reporter = connection.CreateCommand();
            reporter.Transaction = transaction;
            reporter.CommandText = "INSERT INTO reporters (report_id, json) VALUES ($id, $json)";
            reporter.Parameters.AddWithValue("$id", report.ReportId);
            reporter.Parameters.AddWithValue("$json", JsonSerializer.Serialize(identity, Json));
            reporter.ExecuteNonQuery();
        }
        SqliteMailOutbox.Enqueue(connection, transaction, OutboxMessage.ReportReceived(report)); // the auditors' notice commits with the report
        return report;
    }

    public void Dispose()
    {
        pending.Writer.TryComplete();
        writer.Join();
    }

    public Task<Report?> FindAsync(string reportId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        return Task.FromResult(Find(connection, "report_id", reportId));
    }

    public Task<Report?> FindByTrackingHashAsync(string trackingCodeHash, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT json FROM reports WHERE tracking_hash = $hash
            UNION ALL
            SELECT r.json FROM report_codes c JOIN reports r ON r.report_id = c.report_id WHERE c.tracking_hash = $hash
            LIMIT 1
            """;
        command.Parameters.AddWithValue("$hash", trackingCodeHash);
        return Task.FromResult(command.ExecuteScalar() is string json ? Deserialize(json) : null);
    }

    public Task<ReporterIdentity?> FindIdentityAsync(string reportId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM reporters WHERE report_id = $id";
        command.Parameters.AddWithValue("$id", reportId);
        return Task.FromResult(command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<ReporterIdentity>(json, Json) : null);
    }

    public Task<IReadOnlyList<Report>> ListAsync(ReportQuery query, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string sql, string name, object? value)
        {
            if (value is null) return;
            where.Add(sql);
            command.Parameters.AddWithValue(name, value);
        }
        Filter("entity_nit = $entity", "$entity", query.EntityNit);
        Filter("contract_id = $contract", "$contract", query.ContractId);
        Filter("status = $status", "$status", query.Status);
        Filter("category = $category", "$category", query.Category);
        if (query.Categories is { } categories)
        {
            where.Add($"category IN ({string.Join(", ", categories.Select((_, i) => $"$category{i}"))})");
            for (var i = 0; i < categories.Count; i++) command.Parameters.AddWithValue($"$category{i}", categories[i]);
        }
        if (query.Open is { } open)
            where.Add($"status IN ({string.Join(", ", ReportStatus.Where(open).Select(s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'"))})");
        Filter("received_at >= $from", "$from", query.From is { } from ? Utc(from) : null);
        Filter("received_at < $to", "$to", query.To is { } to ? Utc(to) : null);
        Filter($"deadline < $today AND {SqliteSchema.OpenReports}", "$today", query.OverdueOn?.ToString("yyyy-MM-dd"));
        Filter($"deadline <= $dueBy AND {SqliteSchema.OpenReports}", "$dueBy", query.DueBy?.ToString("yyyy-MM-dd"));
        Filter("deadline >= $dueFrom", "$dueFrom", query.DueBy is null ? null : query.DueFrom?.ToString("yyyy-MM-dd"));
        // The JSON holds the assignee: "Mis reportes" filters an entity's reports, already narrowed by its index.
        Filter("json_extract(json, '$.assignedTo') = $assigned", "$assigned", query.AssignedTo);
        if (query.After is { } position && query.ByDeadline)
        {
            where.Add("(deadline, report_id) > ($afterDeadline, $afterId)");
            command.Parameters.AddWithValue("$afterDeadline", DateOnly.FromDateTime(position.ReceivedAt.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$afterId", position.ReportId);
        }
        else if (query.After is { } after)
        {
            where.Add("(received_at, report_id) < ($afterAt, $afterId)");
            command.Parameters.AddWithValue("$afterAt", Utc(after.ReceivedAt));
            command.Parameters.AddWithValue("$afterId", after.ReportId);
        }
        // The overdue list alone walks the open reports' own index newest first; left to itself, the planner takes the
        // status index and sorts every open report (70 ms at 100,000 reports instead of a few).
        var onlyOverdue = !query.ByDeadline && (query.OverdueOn is not null || query.DueBy is not null) && query.EntityNit is null && query.ContractId is null && query.Category is null && query.Categories is null && query.Status is null;
        command.CommandText = $"""
            SELECT json FROM reports {(onlyOverdue ? "INDEXED BY reports_open" : "")} {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY {(query.ByDeadline ? "deadline, report_id" : "received_at DESC, report_id DESC")} LIMIT $take
            """;
        command.Parameters.AddWithValue("$take", query.Take);
        var reports = new List<Report>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) reports.Add(Deserialize(reader.GetString(0)));
        return Task.FromResult<IReadOnlyList<Report>>(reports);
    }

    public Task<int> CountForContractAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM reports WHERE contract_id = $contract";
        command.Parameters.AddWithValue("$contract", contractId);
        return Task.FromResult(Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    public Task<bool> UpdateAsync(Report report, int expectedVersion, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE reports SET status = $status, deadline = $deadline, version = $version, json = $json
            WHERE report_id = $id AND version = $expected
            """;
        Bind(update, report);
        update.Parameters.AddWithValue("$expected", expectedVersion);
        if (update.ExecuteNonQuery() != 1) return Task.FromResult(false);
        // The reporter's notice (if they asked for one) commits with the change; the sender reads which change it was.
        SqliteMailOutbox.Enqueue(connection, transaction, OutboxMessage.ReportChanged(report));
        transaction.Commit();
        return Task.FromResult(true);
    }

    static void Bind(SqliteCommand command, Report report)
    {
        command.Parameters.AddWithValue("$id", report.ReportId);
        command.Parameters.AddWithValue("$contract", report.ContractId);
        command.Parameters.AddWithValue("$entity", (object?)report.EntityNit ?? DBNull.Value);
        command.Parameters.AddWithValue("$category", report.Category);
        command.Parameters.AddWithValue("$status", report.Status);
        command.Parameters.AddWithValue("$received", Utc(report.ReceivedAt));
        command.Parameters.AddWithValue("$deadline", report.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$version", report.Version);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(report, Json));
    }

    // Fixed-width UTC text sorts as time does.
    static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    static Report? Find(SqliteConnection connection, string column, string value, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT json FROM reports WHERE {column} = $value";
        command.Parameters.AddWithValue("$value", value);
        return command.ExecuteScalar() is string json ? Deserialize(json) : null;
    }

    static Report Deserialize(string json) =>
        JsonSerializer.Deserialize<Report>(json, Json) ?? throw new InvalidDataException("Empty report JSON.");
}
