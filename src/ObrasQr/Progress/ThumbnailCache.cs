using Microsoft.Extensions.Options;
using ObrasQr.Caching;
using ObrasQr.Storage;

namespace ObrasQr.Progress;

/// <summary>
/// Progress thumbnails kept in memory, bounded by bytes (ObrasQr__Cache__ThumbnailBytes), least recently viewed dropped
/// first. A viral billboard's gallery is read from the store once per instance, not once per view (on Azure, tens of
/// thousands of reads a second on one blob would pass a partition's target). A thumbnail's address never names other
/// bytes (an entry's photos are never replaced), so a kept one is never stale.
/// </summary>
public sealed class ThumbnailCache(IProgressStore progress, IFileStore files, IOptions<ObrasQrOptions> options)
{
    public sealed record Thumbnail(byte[] Bytes, string Path);

    // The record, its key and the bookkeeping, besides the image.
    const long EntryOverhead = 256;

    readonly BoundedCache<Thumbnail> kept = new(options.Value.Cache.ThumbnailBytes, t => t.Bytes.Length + EntryOverhead);

    /// <summary>The <paramref name="n"/>th thumbnail of an entry, or null when there is none.</summary>
    public Task<Thumbnail?> FindAsync(string contractId, string entryId, int n, CancellationToken ct) =>
        kept.GetOrLoadAsync($"{contractId}/{entryId}/{n}", async () =>
        {
            if ((await progress.FindAsync(contractId, entryId, CancellationToken.None))?.ThumbnailAt(n) is not { } path) return null;
            await using var stream = await files.OpenReadAsync(path, CancellationToken.None);
            if (stream is null) return null;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, CancellationToken.None);
            return new Thumbnail(copy.ToArray(), path);
        }, ct);
}
