namespace ObrasQr.Contracts;

/// <summary>
/// A contract's latest versions (oldest first), how many versions it has, and the facts summary kept beside it
/// (null when none is kept: data from before summaries, or a store that keeps none for a one-version history).
/// </summary>
public sealed record RecentHistory(IReadOnlyList<ContractVersion> Latest, int Count, ContractFactsSummary? Summary)
{
    public ContractVersion Current => Latest[^1];
    /// <summary>Whether older versions exist than those in <see cref="Latest"/>.</summary>
    public bool OlderLeftOut => Count > Latest.Count;
}

/// <summary>A contract's facts and latest versions for its page, read from a constant amount of stored data.</summary>
public sealed record RecentFacts(ContractFacts Facts, RecentHistory History)
{
    /// <summary>
    /// The facts come from the kept summary and the current version; when the history is longer than
    /// <paramref name="latest"/> and no summary fits it (kept before summaries existed, under older rules, or behind a
    /// version written meanwhile), every version is read once, the summary rebuilt and kept for the next reader.
    /// Null when the contract does not exist.
    /// </summary>
    public static async Task<RecentFacts?> LoadAsync(IContractStore store, string contractId, int latest, DateOnly today, CancellationToken ct)
    {
        if (await store.RecentAsync(contractId, latest, ct) is not { Latest.Count: > 0 } recent) return null;
        ContractFactsSummary summary;
        if (!recent.OlderLeftOut)
            summary = ContractFactsSummary.Of(recent.Latest); // the whole history is in hand
        else if (recent.Summary is { } kept && kept.IsCurrentFor(recent.Current.Number))
            summary = kept;
        else
        {
            var history = await store.HistoryAsync(contractId, ct);
            summary = ContractFactsSummary.Of(history);
            recent = new RecentHistory([.. history.TakeLast(latest)], history.Count, summary);
            await store.KeepFactsSummaryAsync(contractId, summary, ct);
        }
        return new RecentFacts(ContractFacts.From(summary, recent.Current, today), recent);
    }
}
