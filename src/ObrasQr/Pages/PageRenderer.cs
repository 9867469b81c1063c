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

    /// <summary>A page rendered per request (follow-up, receipt, refused form, privacy), compressed as the contract page
    /// is (<see cref="HtmlPage{TPage}"/>).</summary>
    public async Task<IResult> CompressedPageAsync<TComponent>(HttpRequest request, IDictionary<string, object?> parameters,
        int status = StatusCodes.Status200OK) where TComponent : IComponent =>
        await HtmlAsync<TComponent>(parameters, status);

    /// <summary>The same, typed by its component for a handler's <c>Results&lt;…&gt;</c>.</summary>
    public async Task<HtmlPage<TPage>> HtmlAsync<TPage>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new(Encoding.UTF8.GetBytes(await RenderAsync<TPage>(parameters)), status);

    /// <summary>Adds the pages' security headers as the answer is written, whoever wrote the status code.</summary>
    sealed class PageResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            SecurityHeaders.Page(httpContext.Response);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
