using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Pages;
using ObrasQr.Sync;

namespace ObrasQr.Desk;

/// <summary>A contract an import created or changed, as the desk names it.</summary>
public sealed record WrittenContract(string ContractId, string Name);

/// <summary>For the office, in the browser: run the sync now and see what it did.</summary>
public static class SyncDesk
{
    /// <summary>Contracts named per upload or pull; the rest are counted ("y N más").</summary>
    public const int NamesShown = 10;

    /// <summary>POST /escritorio/sincronizar: the same run as POST /api/sync (pending uploads, then each entity's SODA
    /// pull); the page shows only what concerns the caller's entities, and names the contracts each created or changed.</summary>
    public static async Task<IResult> RunNow(HttpRequest request, Caller caller, SyncJob job, IContractStore contracts, PageRenderer pages,
        CancellationToken ct)
    {
        var run = await job.RunAsync(ct, caller.EntityNit);
        var exports = run.Exports.Where(e => caller.Sees(e.EntityNit)).ToList();
        var pulls = run.Soda.Where(p => caller.Sees(p.EntityNit)).ToList();
        var names = new Dictionary<string, WrittenContract>();
        foreach (var id in exports.SelectMany(e => e.WrittenIds.Take(NamesShown)).Concat(pulls.SelectMany(p => p.WrittenIds.Take(NamesShown))))
            if (!names.ContainsKey(id) && await contracts.FindAsync(id, ct) is { } version)
                names[id] = new WrittenContract(id, version.Contract.Name);
        return await pages.CompressedPageAsync<SyncResultPage>(request, new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Exports"] = exports,
            ["Pulls"] = pulls,
            ["Names"] = names,
        });
    }
}
