using ObrasQr.Contracts;

namespace ObrasQr.Reports;

/// <summary>The name the desk gives a report's work (on each card, in the search and in the CSV): one rule, here.</summary>
public static class WorkName
{
    public static string Of(Contract contract) =>
        !string.IsNullOrWhiteSpace(contract.Object) ? contract.Object.Trim()
        : !string.IsNullOrWhiteSpace(contract.ProcessDescription) ? contract.ProcessDescription.Trim()
        : contract.ContractId;

    /// <summary>The names of these contracts' works, by contract id (one point read per distinct contract); a contract
    /// no longer stored is left out.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OfAsync(IContractStore contracts, IEnumerable<string> contractIds, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in contractIds.Distinct(StringComparer.Ordinal))
            if (await contracts.FindAsync(id, ct) is { } version) names[id] = Of(version.Contract);
        return names;
    }
}
