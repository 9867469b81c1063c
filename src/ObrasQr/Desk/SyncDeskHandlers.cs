using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Pages;
using ObrasQr.Staff;
using ObrasQr.Sync;

namespace ObrasQr.Desk;

/// <summary>A contract an import created or changed, as the desk names it.</summary>
public sealed record WrittenContract(string ContractId, string Name);

/// <summary>For the office, in the browser: ask for the sync now and follow it until it says what it did.</summary>
public static class SyncDeskHandlers
{
    /// <summary>Contracts named per upload or pull; the rest are counted ("y N más").</summary>
    public const int NamesShown = 10;

    /// <summary>How often the run's page asks whether the run is done (<see cref="StatusScript"/>).</summary>
    public const int PollSeconds = 3;

    static string PagePath(string runId) => $"/escritorio/sincronizar/{Uri.EscapeDataString(runId)}";

    /// <summary>POST /escritorio/sincronizar: queues the same run as POST /api/sync (pending uploads, then each entity's
    /// SODA pull); 303 to its page, so a reload does not ask again.</summary>
    public static async Task<IResult> RunNow(Caller caller, SyncNowRuns runs, CancellationToken ct) =>
        Redirects.SeeOther(PagePath((await runs.StartAsync(caller, ct)).RunId));

    /// <summary>GET /escritorio/sincronizar/{runId}: "en curso" (reloading itself, no script needed) until done; then
    /// only what concerns the caller's entities, naming the contracts each upload or pull created or changed.</summary>
    public static async Task<Results<HtmlPage<SyncResultPage>, HtmlPage<SyncProgressPage>, HtmlPage<DeskMessagePage>>> Show(Caller caller,
        string runId, SyncNowRuns runs, IContractStore contracts, PageRenderer pages, CancellationToken ct)
    {
        if (await runs.FindAsync(runId, caller, ct) is not { } found)
            return await UploadDeskHandlers.Message(pages, caller, "Sincronización no encontrada",
                "No hay una sincronización con ese identificador entre las de su entidad.", StatusCodes.Status404NotFound);
        if (found is not { Status: SyncRunStatus.Done, Run: { } run })
            return await pages.HtmlAsync<SyncProgressPage>(new Dictionary<string, object?>
            {
                ["Caller"] = caller,
                ["Run"] = found,
            });
        var names = new Dictionary<string, WrittenContract>();
        foreach (var id in run.Exports.SelectMany(e => e.WrittenIds.Take(NamesShown)).Concat(run.Soda.SelectMany(p => p.WrittenIds.Take(NamesShown))))
            if (!names.ContainsKey(id) && await contracts.FindAsync(id, ct) is { } version)
                names[id] = new WrittenContract(id, version.Contract.Name);
        return await pages.HtmlAsync<SyncResultPage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Exports"] = run.Exports,
            ["Pulls"] = run.Soda,
            ["Names"] = names,
        });
    }
}
