using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Pages;
using ObrasQr.Sync;

namespace ObrasQr.Desk;

/// <summary>For the office, in the browser: run the sync now and see what it did.</summary>
public static class SyncDesk
{
    /// <summary>POST /escritorio/sincronizar: the same run as POST /api/sync (pending uploads, then each entity's SODA
    /// pull); the page shows only what concerns the caller's entities.</summary>
    public static async Task<IResult> RunNow(HttpRequest request, Caller caller, SyncJob job, PageRenderer pages, CancellationToken ct)
    {
        var run = await job.RunAsync(ct, caller.EntityNit);
        return await pages.CompressedPageAsync<SyncResultPage>(request, new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Exports"] = run.Exports.Where(e => caller.Sees(e.EntityNit)).ToList(),
            ["Pulls"] = run.Soda.Where(p => caller.Sees(p.EntityNit)).ToList(),
        });
    }
}
