namespace ObrasQr.Contracts;

/// <summary>
/// Where contract versions are kept: small enough to implement on SQLite and on Azure Tables. One contract test suite
/// (tests/ObrasQr.Tests/Storage) runs against every implementation.
/// </summary>
public interface IContractStore
{
    /// <summary>The latest version of a contract, or null.</summary>
    Task<ContractVersion?> FindAsync(string contractId, CancellationToken ct = default);

    /// <summary>Every version of a contract, oldest first.</summary>
    Task<IReadOnlyList<ContractVersion>> HistoryAsync(string contractId, CancellationToken ct = default);

    /// <summary>Latest versions of the published works (<see cref="Contract.IsPublishedWork"/>: what gets a page and a
    /// QR), ordered by contract id, after <paramref name="afterContractId"/> (keyset paging).</summary>
    Task<IReadOnlyList<ContractVersion>> ListPublishedAsync(string? afterContractId, int take, CancellationToken ct = default);

    /// <summary>Latest versions of every contract, published work or not, paged as <see cref="ListPublishedAsync"/>.</summary>
    Task<IReadOnlyList<ContractVersion>> ListAllAsync(string? afterContractId, int take, CancellationToken ct = default);

    /// <summary>Latest versions of one entity's contracts (<see cref="Contract.EntityNit"/>; "" for those without one),
    /// only its published works when <paramref name="publishedOnly"/>, paged as <see cref="ListPublishedAsync"/>: the
    /// office's works list and the works catalog re-reading one entity.</summary>
    Task<IReadOnlyList<ContractVersion>> ListByEntityAsync(string entityNit, bool publishedOnly, string? afterContractId, int take, CancellationToken ct = default);

    /// <summary>The national catalog stamp (<see cref="CatalogStamps.National"/>) alone: the cheapest read there is, done
    /// by every instance every <c>WorksCatalog.Freshness</c>.</summary>
    Task<string?> NationalStampAsync(CancellationToken ct = default);

    /// <summary>Every catalog stamp, read after <see cref="NationalStampAsync"/> told that something changed.</summary>
    Task<CatalogStamps> StampsAsync(CancellationToken ct = default);

    /// <summary>
    /// Appends a version and makes it the current one, atomically. Returns false, changing nothing, when that
    /// version number already exists (another writer got there first, or a rerun of the same import).
    /// </summary>
    Task<bool> AddVersionAsync(ContractVersion version, CancellationToken ct = default);

    /// <summary>The current version number, content hash, SECOP update stamp and source of each contract that exists
    /// among <paramref name="contractIds"/> (at most 1000 per call), in one round trip. Imports compare hashes with it.</summary>
    Task<IReadOnlyDictionary<string, ContractHead>> HeadsAsync(IReadOnlyCollection<string> contractIds, CancellationToken ct = default);

    /// <summary>
    /// Appends versions in order (at most 1000 per call), each with the rule of <see cref="AddVersionAsync"/>: one
    /// result per version, false where that version did not follow the current one. Each version is atomic (a contract
    /// is left at its old or its new version); implementations may also make the whole call atomic (SQLite does).
    /// Two versions of the same contract may follow each other in one call.
    /// </summary>
    Task<IReadOnlyList<bool>> AddVersionsAsync(IReadOnlyList<ContractVersion> versions, CancellationToken ct = default);

    /// <summary>
    /// Writes again what the store keeps beside these contracts' current versions for the lists (the works index), in
    /// case a crash came between a batch's versions and it: an import taken over calls it for the rows it finds written
    /// by itself. Idempotent. A store that writes both in one transaction (SQLite) has nothing to repair.
    /// </summary>
    Task RepairIndexAsync(IReadOnlyCollection<string> contractIds, CancellationToken ct = default);

    Task<int> CountAsync(CancellationToken ct = default);

    // Facts summaries (ContractFactsSummary): AddVersionAsync/AddVersionsAsync fold each new version into the kept
    // summary in the same write, when one is kept and current; otherwise they leave it behind and readers rebuild it.

    /// <summary>The latest <paramref name="take"/> versions of a contract (oldest first), its number of versions and its
    /// kept facts summary, in a constant amount of reading whatever the history's length; null when it does not exist.</summary>
    Task<RecentHistory?> RecentAsync(string contractId, int take, CancellationToken ct = default);

    /// <summary>Keeps a summary rebuilt from the history, only if the contract's current version is still
    /// <see cref="ContractFactsSummary.Through"/> (a version written meanwhile wins; its reader rebuilds again).</summary>
    Task KeepFactsSummaryAsync(string contractId, ContractFactsSummary summary, CancellationToken ct = default);

    /// <summary>Sets <see cref="ContractVersion.RowFingerprint"/> of current versions an import found unchanged, each only
    /// if <see cref="RowFingerprintKept.Version"/> is still the contract's current one: a version written meanwhile wins,
    /// and a missing contract is skipped. Only an optimisation of later imports, never an error.</summary>
    Task KeepRowFingerprintsAsync(IReadOnlyList<RowFingerprintKept> rows, CancellationToken ct = default);

    /// <summary>The newest <paramref name="take"/> versions of a contract numbered below <paramref name="beforeNumber"/>,
    /// oldest first (empty for an unknown contract): one window of a long history, read at a cost that does not grow
    /// with the history's length.</summary>
    Task<IReadOnlyList<ContractVersion>> VersionsBeforeAsync(string contractId, int beforeNumber, int take, CancellationToken ct = default);
}
