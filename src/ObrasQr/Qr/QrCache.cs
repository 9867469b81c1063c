using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ObrasQr.Contracts;

namespace ObrasQr.Qr;

/// <summary>
/// QR images and panels drawn once and kept in memory, keyed by what they encode: a new public base URL is a new
/// key (and a new ETag). Published works are remembered once seen: SECOP contracts are never deleted.
/// </summary>
public sealed class QrCache(IContractStore contracts)
{
    const int MaxImages = 4096; // sizes are free-form: keep a bound, start over when it is reached

    public sealed record Image(byte[] Bytes, string ETag);

    readonly ConcurrentDictionary<string, byte> published = new();
    readonly ConcurrentDictionary<string, Image> images = new();

    public async Task<bool> IsPublishedAsync(string contractId, CancellationToken ct)
    {
        if (published.ContainsKey(contractId)) return true;
        var current = await contracts.FindAsync(contractId, ct);
        if (current is null || !current.Contract.IsWork) return false;
        published.TryAdd(contractId, 0);
        return true;
    }

    /// <summary>As <see cref="Get"/>, for images that need the store to draw (the share preview).</summary>
    public async Task<Image> GetAsync(string key, Func<Task<byte[]>> draw)
    {
        if (images.TryGetValue(key, out var image)) return image;
        var bytes = await draw();
        return Get(key, () => bytes);
    }

    public Image Get(string key, Func<byte[]> draw)
    {
        if (images.TryGetValue(key, out var image)) return image;
        if (images.Count >= MaxImages) images.Clear();
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}\"";
        return images.GetOrAdd(key, new Image(draw(), etag));
    }
}
