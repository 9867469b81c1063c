using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using ObrasQr.Pages;

namespace ObrasQr.Accountability;

/// <summary>
/// The rendered public pages of this feature, kept per page kind, data version and query: a city's index is read far
/// more often than its works change. At most <see cref="MaxKept"/> pages are kept per kind and version, so arbitrary
/// searches cannot fill the memory; beyond that they are rendered per request.
/// </summary>
public sealed class AccountabilityPages(PageRenderer pages)
{
    public const int MaxKept = 512;

    public enum Kind { Index, Statistics, Semester, Map }

    sealed record Kept(long Version, ConcurrentDictionary<string, KeptPage> Pages);
    readonly Kept[] kept = Enum.GetValues<Kind>().Select(_ => new Kept(-1, new())).ToArray();

    public bool TryGet(Kind kind, long version, string key, out KeptPage page)
    {
        var k = kept[(int)kind];
        if (k.Version == version && k.Pages.TryGetValue(key, out page!)) return true;
        page = null!;
        return false;
    }

    /// <summary>A page rendered for one answer only (a refused query).</summary>
    public async Task<KeptPage> RenderUnkeptAsync<TPage>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent => new(await pages.RenderAsync<TPage>(parameters), status);

    public async Task<KeptPage> RenderAsync<TPage>(Kind kind, long version, string key, IDictionary<string, object?> parameters,
        string? csp = null) where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        if (TryGet(kind, version, key, out var found)) return found;
        var page = new KeptPage(await pages.RenderAsync<TPage>(parameters), csp: csp);
        var k = kept[(int)kind];
        if (k.Version != version)
        {
            // A newer version starts an empty set; an older one (a slow render) is not kept.
            if (version < k.Version) return page;
            kept[(int)kind] = k = new Kept(version, new());
        }
        if (k.Pages.Count < MaxKept) k.Pages[key] = page;
        return page;
    }
}
