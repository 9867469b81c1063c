using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ObrasQr.Pages;

/// <summary>
/// A public page with no per-view value (the index, the statistics, the map), compressed once when rendered and then
/// written from memory: these pages are the same for everyone until the data or the day changes. (The contract
/// page adds an ETag to it: <see cref="CacheablePage"/>.)
/// </summary>
public sealed class KeptPage
{
    readonly byte[][] bodies = new byte[3][];
    readonly Task<IResult>[] views = new Task<IResult>[3];
    readonly int status;
    readonly string? csp;

    /// <param name="csp">A Content-Security-Policy other than the pages' own (the map's); null for the usual one.</param>
    public KeptPage(string html, int status = StatusCodes.Status200OK, string? csp = null)
    {
        this.status = status;
        this.csp = csp;
        var plain = Encoding.UTF8.GetBytes(html);
        bodies[(int)Coding.Plain] = plain;
        using (var gzip = new MemoryStream())
        {
            using (var stream = new GZipStream(gzip, CompressionLevel.SmallestSize, leaveOpen: true)) stream.Write(plain);
            bodies[(int)Coding.Gzip] = gzip.ToArray();
        }
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(plain.Length)];
        bodies[(int)Coding.Brotli] = BrotliEncoder.TryCompress(plain, buffer, out var written, quality: 11, window: 22)
            ? buffer[..written] : bodies[(int)Coding.Gzip];
        for (var c = 0; c < 3; c++) views[c] = Task.FromResult<IResult>(new View(this, (Coding)c));
    }

    public int Length(Coding coding) => bodies[(int)coding].Length;

    /// <summary>The answer for this request's Accept-Encoding, with the pages' security headers.</summary>
    public IResult For(HttpRequest request) => views[(int)ContentCoding.Best(request)].Result;

    /// <summary>The same answer as a completed task made once: views of a kept page allocate nothing of ours.</summary>
    public Task<IResult> ForAsync(HttpRequest request) => views[(int)ContentCoding.Best(request)];

    sealed class View(KeptPage page, Coding coding) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = page.status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.Vary = "Accept-Encoding";
            if (page.csp is null) SecurityHeaders.Page(response);
            else SecurityHeaders.Map(response, page.csp);
            // Brotli falls back to the gzip bytes when it could not compress: say which was sent.
            var body = page.bodies[(int)coding];
            if (coding == Coding.Brotli && !ReferenceEquals(body, page.bodies[(int)Coding.Gzip])) response.Headers.ContentEncoding = "br";
            else if (coding != Coding.Plain) response.Headers.ContentEncoding = "gzip";
            response.ContentLength = body.Length;
            if (HttpMethods.IsHead(context.Request.Method)) return Task.CompletedTask;
            return response.Body.WriteAsync(body).AsTask();
        }
    }
}
