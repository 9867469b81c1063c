namespace ObrasQr.Contracts;

/// <summary>
/// Version stamps of what the works catalog lists (<see cref="IContractStore.StampsAsync"/>): each changes whenever
/// something it covers changes, so an instance re-reads only what changed. <paramref name="National"/> covers
/// everything (any version added, any located progress entry); <paramref name="Entities"/> one stamp per entity NIT
/// ("" for works without one) covering its works; <paramref name="Points"/> the map's located progress entries. A stamp
/// is opaque: only compared for equality. Null: nothing of that kind was ever stored.
/// </summary>
public sealed record CatalogStamps(string? National, string? Points, IReadOnlyDictionary<string, string> Entities)
{
    public static readonly CatalogStamps None = new(null, null, new Dictionary<string, string>());
}
