using System.IO.Compression;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ObrasQr.Pages;

/// <summary>
/// A page rendered for this request (a desk page, a refused form, a receipt), compressed as it is written, so both hosts
/// send the same bytes over slow mobile data. Typed by its component, so a handler's signature names the pages it
/// answers with (<c>Results&lt;HtmlPage&lt;UploadsPage&gt;, HtmlPage&lt;DeskMessagePage&gt;, RedirectHttpResult&gt;</c>);
/// the framework's RazorComponentResult would render through Blazor's endpoint pipeline, which the Functions host
/// does not run, and would not compress.
/// </summary>
public sealed class HtmlPage<TPage>(byte[] html, int status) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    where TPage : IComponent
{
    public int? StatusCode => status;
    public string ContentType => HtmlWriter.ContentType;

    public Task ExecuteAsync(HttpContext context) => HtmlWriter.WriteCompressedAsync(context, html, status);
}

static class HtmlWriter
{
    public const string ContentType = "text/html; charset=utf-8";

    public static async Task WriteCompressedAsync(HttpContext context, byte[] html, int status)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers.Vary = "Accept-Encoding";
        SecurityHeaders.Page(response);
        var body = html;
        var coding = ContentCoding.Best(context.Request);
        if (coding == Coding.Brotli)
        {
            // Quality 5: these pages are rendered per request; 11 would cost more CPU than it saves bytes.
            var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(html.Length)];
            if (BrotliEncoder.TryCompress(html, buffer, out var written, quality: 5, window: 22))
            {
                response.Headers.ContentEncoding = "br";
                body = buffer[..written];
            }
        }
        else if (coding == Coding.Gzip)
        {
            using var gzip = new MemoryStream();
            using (var stream = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true)) stream.Write(html);
            response.Headers.ContentEncoding = "gzip";
            body = gzip.ToArray();
        }
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
