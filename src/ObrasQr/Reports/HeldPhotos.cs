using System.Security.Cryptography;
using ObrasQr.Storage;

namespace ObrasQr.Reports;

/// <summary>
/// Photos a refused form already sent, kept for <see cref="Lifetime"/> so the citizen (or the office's clerk) need not
/// send them again over mobile data. The token that names them is this server's, issued on the refused answer's page
/// and bound to who was refused (the submission limiter's pseudonym of the address, or the staff member): a token a
/// client makes up, or one another client saw, finds nothing. What one holder and everyone together may hold is
/// capped (<see cref="Limits"/>): beyond it the form still comes back filled in, and only the photos must be chosen
/// again. They live under "held/", which no route serves, and go when the report is filed or when they expire; the
/// register is this instance's memory, so after a restart held photos are just not offered again, and a recycled
/// instance cannot delete its own: <see cref="SweepStoreAsync"/>, run on a schedule, deletes whatever the store holds
/// past the lifetime.
/// </summary>
public sealed class HeldPhotos(IFileStore files, TimeProvider clock, HeldPhotos.Limits limits)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>What one holder, and all holders together, may have held at once.</summary>
    public sealed record Limits(int PhotosPerHolder, long BytesPerHolder, int Photos, long Bytes)
    {
        /// <summary>One full form per holder; a few hundred citizens' worth in all.</summary>
        public static readonly Limits Default = new(PhotoCleaner.MaxCount, 24L * 1024 * 1024, 2_000, 1024L * 1024 * 1024);
    }

    public HeldPhotos(IFileStore files, TimeProvider clock) : this(files, clock, Limits.Default) { }

    public sealed record Photo(byte[] Bytes, string Format);

    sealed record Entry(string Holder, DateTimeOffset HeldAt, string[] Names, long Bytes);

    readonly Dictionary<string, Entry> held = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    /// <summary>The photos held under this token for this holder; none for an unknown, expired or someone else's token.</summary>
    public async Task<IReadOnlyList<Photo>> LoadAsync(string? token, string holder, CancellationToken ct)
    {
        Entry? entry;
        lock (gate) entry = token is not null && held.TryGetValue(token, out var e) && e.Holder == holder ? e : null;
        if (entry is null) return [];
        if (clock.GetUtcNow() - entry.HeldAt > Lifetime)
        {
            await ForgetAsync(token!);
            return [];
        }
        var photos = new List<Photo>();
        foreach (var name in entry.Names)
        {
            await using var stream = await files.OpenReadAsync($"held/{token}/{name}", ct);
            if (stream is null) continue;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            photos.Add(new Photo(copy.ToArray(), Path.GetExtension(name).TrimStart('.')));
        }
        return photos;
    }

    /// <summary>
    /// Holds these photos (the ones loaded under <paramref name="previous"/>, which it replaces, and the new ones) under
    /// a new token of this server's, returned for the refused answer's page; null when they would go over a cap or the
    /// store failed, so the page does not claim photos it does not have.
    /// </summary>
    public async Task<string?> HoldAsync(string holder, string? previous, IReadOnlyList<Photo> photos, CancellationToken ct)
    {
        if (previous is not null) await ForgetAsync(previous, holder);
        await SweepAsync();
        if (photos.Count == 0) return null;
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var names = photos.Select((p, i) => $"{i + 1}.{p.Format}").ToArray();
        var entry = new Entry(holder, clock.GetUtcNow(), names, photos.Sum(p => (long)p.Bytes.Length));
        lock (gate)
        {
            var mine = held.Values.Where(e => e.Holder == holder).ToList();
            if (mine.Sum(e => e.Names.Length) + names.Length > limits.PhotosPerHolder || mine.Sum(e => e.Bytes) + entry.Bytes > limits.BytesPerHolder
                || held.Values.Sum(e => e.Names.Length) + names.Length > limits.Photos || held.Values.Sum(e => e.Bytes) + entry.Bytes > limits.Bytes)
                return null;
            held[token] = entry; // counted before the writes, so parallel refusals cannot overshoot the caps
        }
        try
        {
            for (var i = 0; i < photos.Count; i++)
                await files.SaveAsync($"held/{token}/{names[i]}", new MemoryStream(photos[i].Bytes), ct);
            return token;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ForgetAsync(token);
            return null; // the refused form still comes back filled in; only the photos must be chosen again
        }
    }

    /// <summary>What everyone holds now, in photos and bytes.</summary>
    public (int Photos, long Bytes) Total()
    {
        lock (gate) return (held.Values.Sum(e => e.Names.Length), held.Values.Sum(e => e.Bytes));
    }

    /// <summary>The report was filed with them (the desk stored its own copies), or they were replaced: they go.</summary>
    public Task ForgetAsync(string token, string holder)
    {
        lock (gate)
            if (!held.TryGetValue(token, out var entry) || entry.Holder != holder) return Task.CompletedTask;
        return ForgetAsync(token);
    }

    async Task ForgetAsync(string token)
    {
        Entry? entry;
        lock (gate) held.Remove(token, out entry);
        if (entry is not null) await DeleteAsync(token, entry.Names);
    }

    async Task SweepAsync()
    {
        var now = clock.GetUtcNow();
        List<string> expired;
        lock (gate) expired = held.Where(e => now - e.Value.HeldAt > Lifetime).Select(e => e.Key).ToList();
        foreach (var token in expired) await ForgetAsync(token);
    }

    /// <summary>
    /// Deletes every held folder in the file store whose newest file the store wrote more than <see cref="Lifetime"/>
    /// ago, whichever instance held it (one since recycled, another running now), and returns how many folders went.
    /// The store's own time decides, so instances need not agree on anything. A background job: it lists "held/".
    /// </summary>
    public async Task<int> SweepStoreAsync(CancellationToken ct)
    {
        var folders = new Dictionary<string, (DateTimeOffset Newest, List<string> Paths)>(StringComparer.Ordinal);
        await foreach (var file in files.ListAsync("held/", ct))
        {
            var token = file.Path.Split('/') is [_, var t, _, ..] ? t : null;
            if (token is null) continue;
            var (newest, paths) = folders.GetValueOrDefault(token, (DateTimeOffset.MinValue, new List<string>()));
            paths.Add(file.Path);
            folders[token] = (file.LastModified > newest ? file.LastModified : newest, paths);
        }
        var now = clock.GetUtcNow();
        var swept = 0;
        foreach (var (token, folder) in folders)
        {
            if (now - folder.Newest <= Lifetime) continue;
            lock (gate) held.Remove(token);
            foreach (var path in folder.Paths) await files.DeleteAsync(path, ct);
            swept++;
        }
        return swept;
    }

    async Task DeleteAsync(string token, IEnumerable<string> names)
    {
        try
        {
            foreach (var name in names) await files.DeleteAsync($"held/{token}/{name}", CancellationToken.None);
        }
        // A leftover private file is harmless; the citizen's answer (maybe a receipt) must not fail for it.
        catch (Exception e) when (e is not OperationCanceledException) { }
    }
}
