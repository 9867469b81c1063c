using Microsoft.Extensions.Options;
using ObrasQr.Caching;
using ObrasQr.Storage;

namespace ObrasQr.Progress;

/// <summary>
/// Progress thumbnails kept in memory, bounded by bytes (ObrasQr__Cache__ThumbnailBytes), least recently viewed dropped
/// first. A viral billboard's gallery is read from the store once per instance, not once per view (on Azure, tens of
/// thousands of reads a second on one blob would pass a partition's target). A thumbnail's address never names other
/// bytes, but the office may delete its entry or take the photo off the page: the instance that makes the change forgets
/// at once (<see cref="Forget"/>), and every instance reads the entry again (one point read, not the image) when a kept
/// thumbnail is older than <see cref="Recheck"/>.
/// </summary>
public sealed class ThumbnailCache(IProgressStore progress, IFileStore files, IOptions<ObrasQrOptions> options, TimeProvider clock)
{
    /// <summary>How long another instance may go on serving a thumbnail whose entry was deleted or whose photo was removed.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(60);

    /// <param name="CheckedAt">When the entry last named this thumbnail.</param>
    public sealed record Thumbnail(byte[] Bytes, string Path, DateTimeOffset CheckedAt);

    // The record, its key and the bookkeeping, besides the image.
    const long EntryOverhead = 256;

    readonly BoundedCache<Thumbnail> kept = new(options.Value.Cache.ThumbnailBytes, t => t.Bytes.Length + EntryOverhead);

    /// <summary>The <paramref name="n"/>th thumbnail of an entry, or null when there is none (or no longer).</summary>
    public async Task<Thumbnail?> FindAsync(string contractId, string entryId, int n, CancellationToken ct)
    {
        var key = Key(contractId, entryId, n);
        kept.TryGet(key, out var known);
        if (known is not null && clock.GetUtcNow() - known.CheckedAt < Recheck) return known;
        return await kept.LoadOnceAsync(key, async () =>
        {
            var path = (await progress.FindAsync(contractId, entryId, CancellationToken.None))?.ThumbnailAt(n);
            // Still named by its entry: the kept bytes are still right, only the check is new.
            var bytes = path is null ? null : path == known?.Path ? known.Bytes : await ReadAsync(path);
            if (bytes is null)
            {
                kept.Remove(key);
                return null;
            }
            var thumbnail = new Thumbnail(bytes, path!, clock.GetUtcNow());
            kept.Set(key, thumbnail);
            return thumbnail;
        }, ct);
    }

    /// <summary>Drops an entry's thumbnails on this instance, after the office deleted the entry or removed photos from it.</summary>
    public void Forget(ProgressEntry entry)
    {
        for (var n = 1; n <= entry.Thumbnails.Count; n++) kept.Remove(Key(entry.ContractId, entry.EntryId, n));
    }

    static string Key(string contractId, string entryId, int n) => $"{contractId}/{entryId}/{n}";

    async Task<byte[]?> ReadAsync(string path)
    {
        await using var stream = await files.OpenReadAsync(path, CancellationToken.None);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, CancellationToken.None);
        return copy.ToArray();
    }
}
