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
    /// <summary>The importer's fingerprint of the file row this version was read from (header, raw text, uploader's
    /// scope, importer format), when that row had nothing to warn about; null when written any other way. Kept with
    /// the current version only, so any later version (a sync, a work registered by hand, another import) clears it.</summary>
    public string? RowFingerprint { get; init; }

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
/// <param name="RowFingerprint">The current version's <see cref="ContractVersion.RowFingerprint"/>.</param>
public sealed record ContractHead(int Number, string ContentHash, DateTime? UpdatedInSecop, string Source, string? RowFingerprint = null);
