using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ObrasQr.Pages;

/// <summary>Renders Razor components to HTML outside Blazor, so both hosts serve the same pages.</summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    public async Task<IResult> PageAsync<TComponent>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TComponent : IComponent
    {
        var html = await RenderAsync<TComponent>(parameters);
        return new PageResult(Results.Content(html, "text/html; charset=utf-8", statusCode: status));
    }

    /// <summary>A page rendered per request (follow-up, receipt, refused form, privacy), compressed here as the
    /// contract page is, so both hosts send the same bytes over slow mobile data.</summary>
    public async Task<IResult> CompressedPageAsync<TComponent>(HttpRequest request, IDictionary<string, object?> parameters,
        int status = StatusCodes.Status200OK) where TComponent : IComponent =>
        new CompressedHtml(Encoding.UTF8.GetBytes(await RenderAsync<TComponent>(parameters)), status);

    /// <summary>Adds the pages' security headers as the answer is written, whoever wrote the status code.</summary>
    sealed class PageResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            SecurityHeaders.Page(httpContext.Response);
            return inner.ExecuteAsync(httpContext);
        }
    }

    sealed class CompressedHtml(byte[] html, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
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
}
