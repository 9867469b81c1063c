using System.IO.Compression;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace ObrasQr.AzureStorage.Backup;

/// <summary>
/// The nightly table backup (docs/operations.md): every table of <see cref="AzureStore.TableNames"/> to the
/// <c>backups</c> container of the data account, one folder per run, one gzipped JSON-lines blob per table
/// (<see cref="BackupEntity"/>), then <see cref="BackupManifest"/>. The blobs in <c>files</c> are not copied: soft delete
/// and versioning protect them. Rows are streamed from the query's pages into the blob, never a whole table in memory.
/// </summary>
public sealed class TableBackup(AzureStore store, TimeProvider clock)
{
    /// <summary>03:00 in Colombia (UTC-5 all year), after the day's last desk work and before the 05:00 sync.</summary>
    public const string DefaultSchedule = "0 0 8 * * *";

    public async Task<BackupManifest> RunAsync(CancellationToken ct = default)
    {
        var startedAt = clock.GetUtcNow();
        var run = BackupManifest.RunFolder(startedAt);
        var container = store.Backups;
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        var tables = new List<BackupManifest.Table>();
        foreach (var name in AzureStore.TableNames)
        {
            var blob = BackupManifest.BlobOf(run, name);
            tables.Add(new(name, blob, await ExportAsync(store.Table(name), container.GetBlobClient(blob), ct)));
        }
        var manifest = new BackupManifest(BackupManifest.CurrentFormat, run, BackupManifest.CurrentAppVersion(), startedAt, clock.GetUtcNow(), tables);
        await container.GetBlobClient(BackupManifest.ManifestOf(run)).UploadAsync(manifest.ToJson(), overwrite: true, ct);
        return manifest;
    }

    static async Task<long> ExportAsync(TableClient table, BlobClient blob, CancellationToken ct)
    {
        long rows = 0;
        await using var target = await blob.OpenWriteAsync(overwrite: true, cancellationToken: ct);
        await using var gzip = new GZipStream(target, CompressionLevel.Optimal);
        // A scan of the whole table, allowed here: a background job, never a request, reading every row by design.
        await foreach (var entity in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: ct))
        {
            await gzip.WriteAsync(BackupEntity.ToLine(entity), ct);
            gzip.WriteByte((byte)'\n');
            rows++;
        }
        return rows;
    }
}
