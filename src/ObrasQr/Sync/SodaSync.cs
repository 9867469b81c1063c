using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObrasQr.Secop;

namespace ObrasQr.Sync;

/// <summary>What one SODA pull did. Error is set when it stopped early; the next run resumes from there.</summary>
public sealed record SodaRun(DateTime? Since, DateTime? Watermark, int Pages, ImportCounts Counts, IReadOnlyList<RowError> Errors, string? Error)
{
    /// <summary>The entity whose contracts were pulled.</summary>
    public string EntityNit { get; init; } = "";

    /// <summary>The pull of SECOP II's execution dataset (progress) that followed, for the same entity.</summary>
    public ExecutionRun? Execution { get; init; }

    /// <summary>The contracts the pull created or changed, the first <see cref="ImportResult.MaxWrittenIds"/>.</summary>
    public IReadOnlyList<string> WrittenIds { get; init; } = [];
}

/// <summary>
/// Pulls the entity's contracts changed since the last pull, page by page, into the importer. After each page it
/// saves where it is (watermark, offset), so a run that fails or dies resumes at the next page; when the last page
/// is in, the watermark moves to the newest SECOP update stamp seen. Rows stamped exactly at the watermark are read
/// again next time and are unchanged by their hash.
/// </summary>
public sealed class SodaSync(SodaClient client, SecopImporter importer, ISyncStateStore state, IOptions<ObrasQrOptions> options,
    ILogger<SodaSync> log)
{
    /// <summary>Where the pull is: a finished one has no RunId and Offset 0.</summary>
    sealed record Cursor(DateTime? Watermark, string? RunId, int Offset, DateTime? Newest);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Sync.SodaBaseUrl) && Entities.Count > 0;

    /// <summary>The entities the sync pulls, from ObrasQr__Sync__EntityNit and __EntityNits.</summary>
    public IReadOnlyList<string> Entities => options.Value.Sync.Entities();

    /// <summary>Up to where the entity's contracts are pulled (SECOP's update stamp), or null before its first full pull.</summary>
    public async Task<DateTime?> WatermarkAsync(string nit, CancellationToken ct = default) =>
        await state.GetAsync(Key(nit), ct) is { } saved ? JsonSerializer.Deserialize<Cursor>(saved, Json)!.Watermark : null;

    // One watermark and resume point per entity: a failure pulling one entity does not move or hold back another's.
    static string Key(string nit) => $"soda:{SodaClient.Dataset}:{nit}";

    public async Task<SodaRun> RunAsync(string entityNit, CancellationToken ct = default)
    {
        var nit = entityNit.Trim();
        var key = Key(nit);
        var cursor = await state.GetAsync(key, ct) is { } saved ? JsonSerializer.Deserialize<Cursor>(saved, Json)! : new Cursor(null, null, 0, null);
        if (cursor.RunId is null)
            cursor = cursor with { RunId = Guid.NewGuid().ToString("N")[..12], Offset = 0, Newest = cursor.Watermark };
        var since = cursor.Watermark;
        int added = 0, changed = 0, unchanged = 0, rejected = 0, outdated = 0, pages = 0;
        var errors = new List<RowError>();
        var written = new List<string>();
        var countedInRun = new ContractIdSet();   // a contract on two pages counts once
        SodaRun Run(string? error) => new(since, cursor.Watermark, pages,
            new ImportCounts(added, changed, unchanged, rejected, outdated), errors, error) { EntityNit = nit, WrittenIds = written };

        while (true)
        {
            IReadOnlyList<SecopRecord> rows;
            try
            {
                var page = await client.GetPageAsync(nit, cursor.Watermark, cursor.Offset, ct);
                rows = JsonExportReader.ReadPage(page, firstIndex: cursor.Offset + 1);
            }
            catch (Exception e) when (e is SodaUnavailable or SecopFileRejected)
            {
                log.LogWarning("SODA pull stopped at offset {Offset}: {Error}", cursor.Offset, e.Message);
                return Run($"La descarga se detuvo en el registro {cursor.Offset + 1}: {e.Message} Se reanudará en la próxima sincronización.");
            }

            var result = await importer.ImportRowsAsync(rows.ToAsyncEnumerable(), $"soda:{cursor.RunId}", ct, countedInRun);
            (added, changed, unchanged, rejected, outdated) = (added + result.Counts.New, changed + result.Counts.Changed,
                unchanged + result.Counts.Unchanged, rejected + result.Counts.Rejected, outdated + result.Counts.Outdated);
            errors.AddRange(result.Errors.Take(SecopImporter.MaxReportedErrors - errors.Count));
            written.AddRange(result.WrittenIds.Take(ImportResult.MaxWrittenIds - written.Count));
            pages++;

            var newest = cursor.Newest;
            foreach (var row in rows)
                if (SecopValues.TryDate(row.Raw("Ultima Actualizacion"), out var stamp) && stamp is not null && (newest is null || stamp > newest))
                    newest = stamp;
            cursor = rows.Count < options.Value.Sync.PageSize
                ? new Cursor(newest, null, 0, null)                                   // the last page: the pull is complete
                : cursor with { Offset = cursor.Offset + rows.Count, Newest = newest };
            await state.SetAsync(key, JsonSerializer.Serialize(cursor, Json), ct);
            if (cursor.RunId is null) return Run(null);
        }
    }
}
