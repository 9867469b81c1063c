namespace ObrasQr.Progress;

/// <summary>The progress entries of each work. The office may correct or delete its own entries; every earlier state
/// is kept (<see cref="HistoryAsync"/>), and a deleted entry is gone from every read but that history.</summary>
public interface IProgressStore
{
    Task AddAsync(ProgressEntry entry, CancellationToken ct = default);

    /// <summary>The latest <paramref name="take"/> entries of a contract: newest observation first, then newest recorded.</summary>
    Task<IReadOnlyList<ProgressEntry>> ListAsync(string contractId, int take, CancellationToken ct = default);

    Task<ProgressEntry?> FindAsync(string contractId, string entryId, CancellationToken ct = default);

    /// <summary>How many entries a contract has (deleted ones not counted).</summary>
    Task<int> CountAsync(string contractId, CancellationToken ct = default);

    /// <summary>Replaces an entry with its corrected state (<paramref name="corrected"/>, whose Version is one more than
    /// <paramref name="earlier"/>.Was's) and keeps the earlier state, in one write. False, with nothing written, when
    /// the stored entry is not at that earlier version any more (corrected or deleted meanwhile) or does not exist.</summary>
    Task<bool> CorrectAsync(ProgressEntry corrected, ProgressRevision earlier, CancellationToken ct = default);

    /// <summary>Deletes an entry from every read but its history, keeping its last state (<paramref name="last"/>, with
    /// Deleted and the reason), in one write. False, as <see cref="CorrectAsync"/>, on a concurrent change.</summary>
    Task<bool> DeleteAsync(ProgressRevision last, CancellationToken ct = default);

    /// <summary>The earlier states of an entry, oldest first (empty for one never changed).</summary>
    Task<IReadOnlyList<ProgressRevision>> HistoryAsync(string contractId, string entryId, CancellationToken ct = default);

    /// <summary>
    /// For every contract with an entry that has coordinates, its newest such entry (the order of
    /// <see cref="ListAsync"/>): where the works map puts each work. A newer entry without coordinates does not hide
    /// it, since the work has not moved. One read for all contracts, never one per work.
    /// </summary>
    Task<IReadOnlyList<ProgressEntry>> LatestLocatedAsync(CancellationToken ct = default);
}
