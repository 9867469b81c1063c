namespace ObrasQr.Caching;

/// <summary>How much memory each instance gives its in-memory caches (ObrasQr__Cache__*).</summary>
public sealed class CacheOptions
{
    /// <summary>Rendered citizen pages, all three codings of each counted (about 30 KB a page).</summary>
    public long PageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Progress thumbnails (a few tens of KB each), so a viral page does not read Blob Storage per view.</summary>
    public long ThumbnailBytes { get; set; } = 16L * 1024 * 1024;
}
