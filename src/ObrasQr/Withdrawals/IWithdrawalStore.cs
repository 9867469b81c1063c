namespace ObrasQr.Withdrawals;

/// <summary>Where withdrawals are kept, apart from the contracts' versions (which imports and syncs write).</summary>
public interface IWithdrawalStore
{
    /// <summary>The work's current withdrawal, or null when it is published.</summary>
    Task<Withdrawal?> FindAsync(string contractId, CancellationToken ct = default);

    /// <summary>Every work withdrawn now, by contract id. A handful in a city: the office's mistakes, not its works.</summary>
    Task<IReadOnlyList<Withdrawal>> ListAsync(CancellationToken ct = default);

    /// <summary>Applies the act and keeps it in the work's history, when it changes something: false, writing nothing,
    /// when the work is already withdrawn (a withdrawal) or not withdrawn (a republication).</summary>
    Task<bool> RecordAsync(WithdrawalAct act, CancellationToken ct = default);

    /// <summary>The work's acts, oldest first.</summary>
    Task<IReadOnlyList<WithdrawalAct>> HistoryAsync(string contractId, CancellationToken ct = default);
}
