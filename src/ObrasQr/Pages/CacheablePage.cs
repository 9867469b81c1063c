using System.IO.Hashing;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ObrasQr.Pages;

/// <summary>
/// A page that is the same for every visitor (a work's page: no token, no nonce, nothing of the request), compressed
/// once (<see cref="KeptPage"/>) and sent with a strong ETag, so a CDN or a browser that holds it asks again with
/// If-None-Match and gets a 304 without a body. Each coding is its own representation and gets its own tag.
/// </summary>
public sealed class CacheablePage
{
    static readonly Task<IResult> NotModified = Task.FromResult<IResult>(TypedResults.StatusCode(StatusCodes.Status304NotModified));

    readonly KeptPage kept;
    readonly string[] tags;

    public CacheablePage(string html)
    {
        kept = new KeptPage(html);
        var hash = Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(html)));
        tags = [$"\"{hash}\"", $"\"{hash}-gzip\"", $"\"{hash}-br\""];
        Size = kept.Length(Coding.Plain) + kept.Length(Coding.Gzip) + kept.Length(Coding.Brotli);
    }

    /// <summary>The bytes this page keeps in memory, all codings together.</summary>
    public long Size { get; }

    public string ETag(Coding coding) => tags[(int)coding];

    /// <summary>The page in the coding the request accepts, or 304 when the request already holds it.</summary>
    public Task<IResult> View(HttpRequest request)
    {
        var coding = ContentCoding.Best(request);
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = tags[(int)coding];
        if (!Holds(request.Headers.IfNoneMatch, tags[(int)coding])) return kept.ForAsync(request);
        headers.Vary = "Accept-Encoding";
        return NotModified;
    }

    /// <summary>If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix does not matter; "*" holds any.</summary>
    static bool Holds(StringValues ifNoneMatch, string tag)
    {
        foreach (var value in ifNoneMatch)
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (part == "*" || (part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part) == tag) return true;
        return false;
    }
}
