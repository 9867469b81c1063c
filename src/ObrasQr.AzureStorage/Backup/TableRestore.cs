using System.IO.Compression;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace ObrasQr.AzureStorage.Backup;

/// <summary>
/// Writes a backup run (<see cref="TableBackup"/>) into a store, the tables only (docs/operations.md, "Restaurar").
/// Refuses a run without its manifest (it did not finish) and a store whose tables hold rows, unless told to replace
/// them: then those tables are emptied first, so the restored store is the run and nothing else. Rows go back in entity
/// group transactions of up to 100 rows of one partition, read line by line from the blob; at the end every table is
/// counted again and compared with the manifest. Every read here scans whole tables: an operator's command, never a
/// request.
/// </summary>
public static class TableRestore
{
    public sealed record TableResult(string Name, long InManifest, long Written, long Counted)
    {
        public bool Matches => InManifest == Written && Written == Counted;
    }

    public sealed record Result(string? Refused, BackupManifest? Manifest, IReadOnlyList<TableResult> Tables)
    {
        public bool Complete => Refused is null && Tables.All(t => t.Matches);
    }

    /// <summary>Under the service's 4 MiB per transaction, with room for the multipart framing (as EntityGroupWriter).</summary>
    const long MaxGroupBytes = 3L * 1024 * 1024;

    public static async Task<Result> RunAsync(BlobContainerClient backups, string run, AzureStore target, bool replace, CancellationToken ct = default)
    {
        run = run.Trim().Trim('/');
        var manifest = await ReadManifestAsync(backups, run, ct);
        if (manifest is null)
            return Refuse($"La copia «{run}» no tiene {BackupManifest.FileName} en el contenedor {backups.Name}: no existe o no terminó, y no se restaura (the run has no manifest: missing or incomplete).");
        if (manifest.Format != BackupManifest.CurrentFormat)
            return Refuse($"La copia «{run}» tiene el formato {manifest.Format}, que esta versión no lee (unknown format).");

        await target.EnsureCreatedAsync(ct);
        if (!replace)
        {
            var holding = new List<string>();
            foreach (var table in manifest.Tables)
                if (await HasRowsAsync(target.Table(table.Name), ct)) holding.Add(table.Name);
            if (holding.Count > 0)
                return Refuse($"Las tablas de destino ya tienen datos ({string.Join(", ", holding)}): no se sobrescriben sin --replace (target tables hold data; use --replace to empty them first).");
        }

        var results = new List<TableResult>();
        foreach (var table in manifest.Tables)
        {
            var client = target.Table(table.Name);
            if (replace) await WriteInGroupsAsync(client, Keys(client, ct), TableTransactionActionType.Delete, ct);
            var written = await WriteInGroupsAsync(client, Lines(backups.GetBlobClient(table.Blob), ct), TableTransactionActionType.UpsertReplace, ct);
            results.Add(new(table.Name, table.Rows, written, await CountAsync(client, ct)));
        }
        return new(null, manifest, results);

        static Result Refuse(string reason) => new(reason, null, []);
    }

    public static async Task<BackupManifest?> ReadManifestAsync(BlobContainerClient backups, string run, CancellationToken ct)
    {
        try
        {
            var content = await backups.GetBlobClient(BackupManifest.ManifestOf(run)).DownloadContentAsync(ct);
            return BackupManifest.FromJson(content.Value.Content);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    static async Task<bool> HasRowsAsync(TableClient table, CancellationToken ct)
    {
        await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ct)) return true;
        return false;
    }

    static async Task<long> CountAsync(TableClient table, CancellationToken ct)
    {
        long rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1000, select: ["PartitionKey"], cancellationToken: ct)) rows++;
        return rows;
    }

    static async IAsyncEnumerable<(TableEntity Row, long Bytes)> Keys(TableClient table, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            yield return (row, 512);
    }

    static async IAsyncEnumerable<(TableEntity Row, long Bytes)> Lines(BlobClient blob, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var source = await blob.OpenReadAsync(cancellationToken: ct);
        await using var gzip = new GZipStream(source, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            // The SDK writes each non-ASCII character as \uXXXX: at most 3 bytes of the line become 6 on the wire.
            yield return (BackupEntity.FromLine(bytes), 512 + 2L * bytes.Length);
        }
    }

    /// <summary>Rows arrive in (PartitionKey, RowKey) order, as queries return them, so a partition's rows are together:
    /// each group is one partition, at most <see cref="EntityGroupWriter.MaxActions"/> rows and under 4 MiB.</summary>
    static async Task<long> WriteInGroupsAsync(TableClient table, IAsyncEnumerable<(TableEntity Row, long Bytes)> rows,
        TableTransactionActionType action, CancellationToken ct)
    {
        var group = new List<TableTransactionAction>();
        long groupBytes = 0, written = 0;
        await foreach (var (row, bytes) in rows.WithCancellation(ct))
        {
            if (group.Count > 0 && (group.Count == EntityGroupWriter.MaxActions || groupBytes + bytes > MaxGroupBytes
                || group[0].Entity.PartitionKey != row.PartitionKey))
            {
                written += await SubmitAsync(table, group, ct);
                groupBytes = 0;
            }
            group.Add(new TableTransactionAction(action, row, ETag.All));
            groupBytes += bytes;
        }
        if (group.Count > 0) written += await SubmitAsync(table, group, ct);
        return written;
    }

    static async Task<int> SubmitAsync(TableClient table, List<TableTransactionAction> group, CancellationToken ct)
    {
        await table.SubmitTransactionAsync(group, ct);
        var count = group.Count;
        group.Clear();
        return count;
    }
}
