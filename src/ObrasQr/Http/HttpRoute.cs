using Microsoft.AspNetCore.Http;

namespace ObrasQr.Http;

/// <summary>
/// One route of the HTTP contract with the rules it requires: who may call it (a role, or anyone), how large its body
/// may be, and how its answers may be cached. <see cref="RouteRules"/> applies them on both hosts, before the handler.
/// </summary>
/// <param name="Name">The Azure Function's name too.</param>
/// <param name="Methods">GET routes answer HEAD as well: link checkers and chat apps ask before fetching.</param>
/// <param name="Role">Null when anyone may call it.</param>
/// <param name="Document">False for HTML pages: the OpenAPI document describes what API clients use.</param>
/// <param name="Summary">What the operation does, in Spanish, for the OpenAPI document (<see cref="OpenApiFromTable"/>).</param>
public sealed record HttpRoute(string Name, string[] Methods, string Pattern, Delegate Handler, string? Role, long BodyLimit,
    CachePolicy Cache, bool Document = true, string? Summary = null)
{
    /// <summary>The pattern as the Functions host declares it: no leading slash (host.json's routePrefix is "").</summary>
    public string FunctionRoute => Pattern.TrimStart('/');

    /// <summary>A staff page for people in a browser (made with Desk/DeskPost): anonymous visitors are sent to sign in.</summary>
    public bool IsDesk => Role is not null && !Document;
}

/// <summary>The Cache-Control a route's answers carry. Shared caches may keep only successful answers (200, a range's
/// 206, 304): a 404 for a contract not yet imported must not stay cached for a week after it is.</summary>
public sealed record CachePolicy(string Header, bool Shared)
{
    /// <summary>Answers made for one visitor (receipts, refused forms, statuses, the desk): nothing keeps a copy.</summary>
    public static readonly CachePolicy NoStore = new("no-store", false);
    /// <summary>Reporters' photos: not even the auditor's browser keeps them.</summary>
    public static readonly CachePolicy PrivateNoStore = new("private, no-store", false);
    /// <summary>Staff files with an ETag: only the caller's browser keeps them, and asks again each time (a 304 when nothing changed).</summary>
    public static readonly CachePolicy PrivateRevalidate = new("private, no-cache", false);
    /// <summary>Built open-data files (a new build at most every few minutes), with an ETag for a 304 after that.</summary>
    public static readonly CachePolicy FiveMinutes = Public(TimeSpan.FromMinutes(5));
    public static readonly CachePolicy Hour = Public(TimeSpan.FromHours(1));
    public static readonly CachePolicy Day = Public(TimeSpan.FromDays(1));
    /// <summary>Billboards are printed once: their QR codes and panels (each with an ETag) are kept a week.</summary>
    public static readonly CachePolicy Week = Public(TimeSpan.FromDays(7));
    /// <summary>A work's page, the same bytes for everyone (with an ETag): a CDN answers a viral billboard for a minute,
    /// then keeps serving its copy for up to ten more while it revalidates in the background.</summary>
    public static readonly CachePolicy CitizenPage = new("public, max-age=60, stale-while-revalidate=600", true);
    /// <summary>Files whose address names content that never changes (a progress entry's photo: new photos are a new entry).</summary>
    public static readonly CachePolicy Immutable = new("public, max-age=31536000, immutable", true);

    static CachePolicy Public(TimeSpan maxAge) => new($"public, max-age={(int)maxAge.TotalSeconds}", true);
}
