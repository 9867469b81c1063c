using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ObrasQr.Storage;

namespace ObrasQr.Reports;

/// <summary>
/// Photos a refused form already sent, kept (cleaned of metadata) under the form's token for <see cref="Lifetime"/>
/// so the citizen need not send them again over mobile data. They live under "held/", which no route serves: they are
/// never published, and they are deleted when the report is filed, when they expire, or when found expired.
/// </summary>
public sealed class HeldPhotos(IFileStore files, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public sealed record Photo(byte[] Bytes, string Format);

    // What this instance has held, to delete what is abandoned; after a restart, a held set is deleted when its token
    // comes back (expired) and otherwise left behind: a few cleaned photos in a private folder.
    readonly ConcurrentDictionary<string, (DateTimeOffset HeldAt, string[] Names)> held = new();

    /// <summary>The page hands out 16 random bytes in lower-case hex; anything else never names a folder.</summary>
    public static bool IsToken(string? token) => token is { Length: 32 } && token.All(char.IsAsciiHexDigitLower);

    public async Task<IReadOnlyList<Photo>> LoadAsync(string token, CancellationToken ct)
    {
        if (!IsToken(token)) return [];
        await using var index = await files.OpenReadAsync(IndexPath(token), ct);
        if (index is null) return [];
        var lines = (await new StreamReader(index, Encoding.UTF8).ReadToEndAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var names = lines.Skip(1).ToArray();
        if (lines.Length == 0 || !long.TryParse(lines[0], CultureInfo.InvariantCulture, out var seconds) ||
            clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > Lifetime)
        {
            await DeleteAsync(token, names);
            return [];
        }
        var photos = new List<Photo>();
        foreach (var name in names)
        {
            await using var stream = await files.OpenReadAsync($"held/{token}/{name}", ct);
            if (stream is null) continue;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            photos.Add(new Photo(copy.ToArray(), Path.GetExtension(name).TrimStart('.')));
        }
        return photos;
    }

    /// <summary>Keeps these photos (the ones held before and the ones just received) for the form's next try; false
    /// when the store failed, so the form does not claim photos it may not have.</summary>
    public async Task<bool> HoldAsync(string token, IReadOnlyList<Photo> photos, CancellationToken ct)
    {
        if (!IsToken(token)) return false;
        await SweepAsync();
        var names = photos.Select((p, i) => $"{i + 1}.{p.Format}").ToArray();
        try
        {
            for (var i = 0; i < photos.Count; i++)
                await files.SaveAsync($"held/{token}/{names[i]}", new MemoryStream(photos[i].Bytes), ct);
            var now = clock.GetUtcNow();
            var index = string.Join('\n', [now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), .. names]);
            await files.SaveAsync(IndexPath(token), new MemoryStream(Encoding.UTF8.GetBytes(index)), ct);
            held[token] = (now, names);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false; // the refused form still comes back filled in; only the photos must be chosen again
        }
    }

    /// <summary>The report was filed with them (the desk stored its own copies): the held ones go.</summary>
    public async Task ForgetAsync(string token, IReadOnlyList<Photo> loaded)
    {
        var known = held.TryRemove(token, out var entry);
        if (!IsToken(token) || (!known && loaded.Count == 0)) return;
        await DeleteAsync(token, known ? entry.Names : loaded.Select((p, i) => $"{i + 1}.{p.Format}"));
    }

    async Task SweepAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var (token, entry) in held)
            if (now - entry.HeldAt > Lifetime && held.TryRemove(token, out _))
                await DeleteAsync(token, entry.Names);
    }

    async Task DeleteAsync(string token, IEnumerable<string> names)
    {
        try
        {
            await files.DeleteAsync(IndexPath(token), CancellationToken.None);
            foreach (var name in names) await files.DeleteAsync($"held/{token}/{name}", CancellationToken.None);
        }
        // A leftover private file is harmless; the citizen's answer (maybe a receipt) must not fail for it.
        catch (Exception e) when (e is not OperationCanceledException) { }
    }

    static string IndexPath(string token) => $"held/{token}/index";
}
