using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.Pages;
using ObrasQr.Staff;

namespace ObrasQr.Http;

/// <summary>
/// Applies a route's declared rules before its handler runs, the same way on both hosts: the server calls it from a
/// middleware after routing, the Functions app from <see cref="RouteInvoker"/>.
/// </summary>
public static class RouteRules
{
    /// <summary>The route's rules, then its handler; a body that could not be read on the way (cut short, garbled, too
    /// slow) is answered as such by <see cref="UnreadableBody"/>, whichever reader met it.</summary>
    public static async Task RunAsync(HttpContext context, HttpRoute route, RequestDelegate handler)
    {
        try
        {
            if (await CheckAsync(context, route) is { } denied) await denied.ExecuteAsync(context);
            else await handler(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && UnreadableBody.Problem(e) is not null)
        {
            await UnreadableBody.TryAnswerAsync(context, route, e);
        }
    }

    /// <summary>Null when the handler may run; otherwise the answer to give instead.</summary>
    public static async Task<IResult?> CheckAsync(HttpContext context, HttpRoute route)
    {
        Forwarding.Apply(context);
        // A declared body over the limit is refused before anything reads the store.
        if (BodyLimit.Apply(context, route.BodyLimit) is { } tooLarge) return tooLarge;
        if (route.Role is { } role && await AdmitAsync(context, route, role) is { } denied) return denied;
        if (context.Features.Get<Caller>() is { CsrfToken: { } expected } && ChangesState(context.Request.Method)
            && !await CarriesTokenAsync(context.Request, expected))
            return await ForgedAsync(context, route);
        if (route.Cache.Shared)
        {
            context.Items[typeof(CachePolicy)] = route.Cache;
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                var ok = response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent or StatusCodes.Status304NotModified;
                var policy = (CachePolicy)response.HttpContext.Items[typeof(CachePolicy)]!;
                response.Headers.CacheControl = ok ? policy.Header : CachePolicy.NoStore.Header;
                return Task.CompletedTask;
            }, context.Response);
        }
        else
        {
            context.Response.Headers.CacheControl = route.Cache.Header;
        }
        return null;
    }

    /// <summary>Who calls: a Bearer key when the request sends one (machine clients), else the desk session's cookie.</summary>
    static async Task<IResult?> AdmitAsync(HttpContext context, HttpRoute route, string role)
    {
        var keys = context.RequestServices.GetRequiredService<ApiKeys>();
        var caller = context.Request.Headers.Authorization.Count > 0
            ? keys.Identify(context.Request)
            : await context.RequestServices.GetRequiredService<StaffSessions>().IdentifyAsync(context);
        if (route.IsDesk)
        {
            if (caller is null)
            {
                context.Response.Headers.CacheControl = CachePolicy.NoStore.Header;
                var back = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? context.Request.Path + context.Request.QueryString : null;
                return Redirects.SeeOther(Redirects.SignInFor(back));
            }
            if (!caller.Has(role))
                return await DeskPageAsync(context, "Esta página no es para su rol",
                    "Su cuenta no tiene el rol que pide esta página. Si lo necesita, pídalo a quien administra el personal.");
            if (caller.RequiredStep is { } step && !AccountHandlers.OpenBeforeRequiredStep(route))
            {
                context.Response.Headers.CacheControl = CachePolicy.NoStore.Header;
                return Redirects.SeeOther(step);
            }
            context.Features.Set(caller);
            return null;
        }
        if (caller?.RequiredStep is not null)
            return Problems.Of("cuenta", "Antes de seguir, complete lo que pide su cuenta en /escritorio/cuenta.", StatusCodes.Status403Forbidden);
        var (admitted, denied) = keys.Authorize(context, role, caller);
        if (denied is not null) return denied;
        context.Features.Set(admitted);
        return null;
    }

    static bool ChangesState(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>A signed-in browser's change must carry its session's token (form field "csrf" or header
    /// X-CSRF-Token): another site can make the browser send the cookie, never read the token.</summary>
    static async Task<bool> CarriesTokenAsync(HttpRequest request, string expected)
    {
        string? sent = request.Headers["X-CSRF-Token"].ToString() is { Length: > 0 } header ? header : null;
        if (sent is null && request.HasFormContentType)
        {
            try { sent = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["csrf"].ToString(); }
            catch (InvalidDataException) { }
            catch (BadHttpRequestException) { }
        }
        return sent is { Length: > 0 and <= 200 } && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));
    }

    static async Task<IResult> ForgedAsync(HttpContext context, HttpRoute route)
    {
        const string reason = "Este envío no trae la clave del formulario de su sesión. Vuelva a abrir la página y envíe el formulario desde ella.";
        return route.IsDesk
            ? await DeskPageAsync(context, "El formulario no es válido", reason)
            : Problems.Of("csrf", reason, StatusCodes.Status403Forbidden);
    }

    static Task<IResult> DeskPageAsync(HttpContext context, string title, string message)
    {
        context.Response.Headers.CacheControl = CachePolicy.NoStore.Header;
        return context.RequestServices.GetRequiredService<PageRenderer>().PageAsync<DeskRefusedPage>(
            new Dictionary<string, object?> { ["Title"] = title, ["Message"] = message }, StatusCodes.Status403Forbidden);
    }
}
