using ObrasQr.Accountability;
using ObrasQr.Contracts;

namespace ObrasQr.Reports;

/// <summary>The names of reports' works for the desk (cards, search, CSV), by the one rule <see cref="Contract.Name"/>.</summary>
public static class WorkName
{
    /// <summary>The names of these contracts' works, by contract id (<see cref="WorksCatalog.FindWorkAsync"/>: from memory
    /// for a published work); a contract no longer stored is left out.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OfAsync(WorksCatalog catalog, IEnumerable<string> contractIds, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in contractIds.Distinct(StringComparer.Ordinal))
            if (await catalog.FindWorkAsync(id, ct) is { } work) names[id] = work.Name;
        return names;
    }
}
