using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ObrasQr.Pages;

/// <summary>The codings a kept page is compressed in, once each.</summary>
public enum Coding { Plain, Gzip, Brotli }

/// <summary>Which compression a page is sent with: Brotli, then gzip, as the client's Accept-Encoding allows.</summary>
public static class ContentCoding
{
    sealed record Choice(string Header, Coding Coding);

    static Choice last = new("", Coding.Plain);

    /// <summary>The best coding for this request.</summary>
    /// <remarks>Clients of one kind send the same header on every view, so the last answer is kept: parsing the header
    /// on every view was a visible share of a page's cost on the page bench.</remarks>
    public static Coding Best(HttpRequest request)
    {
        var header = request.Headers.AcceptEncoding.ToString();
        var known = last;
        if (known.Header == header) return known.Coding;
        var coding = Accepts(header, "br") ? Coding.Brotli : Accepts(header, "gzip") ? Coding.Gzip : Coding.Plain;
        last = new Choice(header, coding);
        return coding;
    }

    /// <summary>True when Accept-Encoding names the coding, or "*", without q=0 (the platform's parser reads it).</summary>
    public static bool Accepts(HttpRequest request, string coding) => Accepts(request.Headers.AcceptEncoding.ToString(), coding);

    static bool Accepts(string header, string coding)
    {
        if (header.Length == 0 || !StringWithQualityHeaderValue.TryParseList([header], out var values)) return false;
        var chosen = values.FirstOrDefault(v => v.Value.Equals(coding, StringComparison.OrdinalIgnoreCase))
            ?? values.FirstOrDefault(v => v.Value.Equals("*", StringComparison.Ordinal));
        return chosen is not null && (chosen.Quality ?? 1) > 0;
    }
}
