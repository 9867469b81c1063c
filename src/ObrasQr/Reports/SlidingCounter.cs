namespace ObrasQr.Reports;

/// <summary>
/// Timestamps of what each client did, kept only as long as the longest window; written by hand because the
/// framework's rate limiters cannot give a permit back, nor follow a test's clock.
/// </summary>
sealed class SlidingCounter(TimeProvider clock, (TimeSpan Window, int Max)[] rules)
{
    const int MaxClients = 100_000;
    readonly Dictionary<string, List<DateTimeOffset>> seen = new(StringComparer.Ordinal);
    readonly TimeSpan longest = rules.Max(r => r.Window);
    readonly Lock gate = new();

    public (DateTimeOffset At, TimeSpan? Wait) TryTake(string client)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!seen.TryGetValue(client, out var times))
            {
                if (seen.Count >= MaxClients) Prune(now);
                seen[client] = times = [];
            }
            times.RemoveAll(t => t <= now - longest);
            TimeSpan? wait = null;
            foreach (var (window, max) in rules)
            {
                if (max <= 0) continue;
                var inside = times.Where(t => t > now - window).OrderBy(t => t).ToList();
                if (inside.Count < max) continue;
                var free = inside[inside.Count - max] + window - now; // when enough of them leave the window
                wait = wait is null || free > wait ? free : wait;
            }
            if (wait is not null) return (now, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait);
            times.Add(now);
            return (now, null);
        }
    }

    public void Give(string client, DateTimeOffset at)
    {
        lock (gate)
            if (seen.TryGetValue(client, out var times)) times.Remove(at);
    }

    public void Clear()
    {
        lock (gate) seen.Clear();
    }

    void Prune(DateTimeOffset now)
    {
        foreach (var (client, times) in seen.ToList())
            if (times.All(t => t <= now - longest)) seen.Remove(client);
    }
}
