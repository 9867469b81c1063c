namespace ObrasQr.Progress;

/// <summary>The progress entries of each work. Entries are only added: a correction is a new entry with its note.</summary>
public interface IProgressStore
{
    Task AddAsync(ProgressEntry entry, CancellationToken ct = default);

    /// <summary>The latest <paramref name="take"/> entries of a contract: newest observation first, then newest recorded.</summary>
    Task<IReadOnlyList<ProgressEntry>> ListAsync(string contractId, int take, CancellationToken ct = default);

    Task<ProgressEntry?> FindAsync(string contractId, string entryId, CancellationToken ct = default);

    /// <summary>How many entries a contract has: the contract page's cache compares it to know when to render again.</summary>
    Task<int> CountAsync(string contractId, CancellationToken ct = default);

    /// <summary>
    /// For every contract with an entry that has coordinates, its newest such entry (the order of
    /// <see cref="ListAsync"/>): where the works map puts each work. A newer entry without coordinates does not hide
    /// it, since the work has not moved. One read for all contracts, never one per work.
    /// </summary>
    Task<IReadOnlyList<ProgressEntry>> LatestLocatedAsync(CancellationToken ct = default);
}
