using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ObrasQr.Caching;

/// <summary>
/// Values kept in memory up to a number of bytes, the least recently used dropped first, and each missing value loaded
/// once however many requests wait for it. A viral billboard's page and thumbnails are read from the store once per
/// instance, and a city's thousands of pages cannot grow the process without bound.
/// </summary>
/// <param name="capacity">Bytes kept at most, as <paramref name="sizeOf"/> counts them.</param>
public sealed class BoundedCache<T>(long capacity, Func<T, long> sizeOf) where T : class
{
    readonly record struct Item(string Key, T Value, long Size);

    readonly Lock gate = new();
    readonly Dictionary<string, LinkedListNode<Item>> items = new(StringComparer.Ordinal);
    readonly LinkedList<Item> recency = new(); // first: the most recently used
    readonly ConcurrentDictionary<string, Lazy<Task<T?>>> loading = new(StringComparer.Ordinal);
    long bytes;

    public long Capacity => capacity;

    public long Bytes
    {
        get { lock (gate) return bytes; }
    }

    /// <summary>The kept value, now the most recently used.</summary>
    public bool TryGet(string key, [MaybeNullWhen(false)] out T value)
    {
        lock (gate)
        {
            if (items.TryGetValue(key, out var node))
            {
                if (node != recency.First)
                {
                    recency.Remove(node);
                    recency.AddFirst(node);
                }
                value = node.Value.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>Keeps the value (replacing one under the same key), then drops the least recently used until the cache
    /// is within its capacity. A value larger than the whole capacity is not kept.</summary>
    public void Set(string key, T value)
    {
        var size = sizeOf(value);
        lock (gate)
        {
            RemoveLocked(key);
            if (size > capacity) return;
            items[key] = recency.AddFirst(new Item(key, value, size));
            bytes += size;
            while (bytes > capacity) RemoveLocked(recency.Last!.Value.Key);
        }
    }

    public void Remove(string key)
    {
        lock (gate) RemoveLocked(key);
    }

    void RemoveLocked(string key)
    {
        if (!items.Remove(key, out var node)) return;
        recency.Remove(node);
        bytes -= node.Value.Size;
    }

    /// <summary>
    /// Runs <paramref name="load"/> for <paramref name="key"/> unless a load of it is already running, in which case
    /// waits for that one: N requests that miss together cause one load. The load is not cancelled when one waiter
    /// gives up (the others still want it); a failed load is forgotten, so the next request tries again.
    /// </summary>
    public Task<T?> LoadOnceAsync(string key, Func<Task<T?>> load, CancellationToken ct)
    {
        var flight = loading.GetOrAdd(key, static (k, state) =>
            new Lazy<Task<T?>>(() => state.cache.FlyAsync(k, state.load)), (cache: this, load));
        return flight.Value.WaitAsync(ct);
    }

    async Task<T?> FlyAsync(string key, Func<Task<T?>> load)
    {
        try
        {
            return await load();
        }
        finally
        {
            loading.TryRemove(key, out _);
        }
    }

    /// <summary>The kept value, or the one loaded (once, see <see cref="LoadOnceAsync"/>) and kept; null, not kept,
    /// when the load finds nothing.</summary>
    public async Task<T?> GetOrLoadAsync(string key, Func<Task<T?>> load, CancellationToken ct)
    {
        if (TryGet(key, out var kept)) return kept;
        return await LoadOnceAsync(key, async () =>
        {
            var value = await load();
            if (value is not null) Set(key, value);
            return value;
        }, ct);
    }
}
