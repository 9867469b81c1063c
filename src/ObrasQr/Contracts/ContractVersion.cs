namespace ObrasQr.Contracts;

/// <summary>
/// A dated snapshot of a contract as synchronised. Version 1 is the first one seen; the latest is the current
/// contract. Keeping every snapshot lets the page say what changed and when.
/// </summary>
public sealed record ContractVersion(
    string ContractId,
    int Number,
    Contract Contract,
    string ContentHash,
    DateTimeOffset SyncedAt,
    string Source)
{
    public static ContractVersion First(Contract contract, DateTimeOffset syncedAt, string source) =>
        new(contract.ContractId, 1, contract, contract.ContentHash(), syncedAt, source);

    /// <summary>The version that follows this one with new content, or null when nothing changed.</summary>
    public ContractVersion? Next(Contract contract, DateTimeOffset syncedAt, string source)
    {
        var hash = contract.ContentHash();
        return contract.HasContentHash(ContentHash, hash) ? null : new(ContractId, Number + 1, contract, hash, syncedAt, source);
    }
}

/// <summary>What an import needs to know about a contract's current version to decide whether a row changes it.</summary>
public sealed record ContractHead(int Number, string ContentHash, DateTime? UpdatedInSecop, string Source);
