using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;

namespace ObrasQr.Http;

/// <summary>
/// Applies a route's declared rules before its handler runs, the same way on both hosts: the server calls it from a
/// middleware after routing, the Functions app from <see cref="RouteInvoker"/>.
/// </summary>
public static class RouteRules
{
    /// <summary>Null when the handler may run; otherwise the problem to answer instead.</summary>
    public static IResult? Check(HttpContext context, HttpRoute route)
    {
        if (route.Role is { } role)
        {
            var (caller, denied) = context.RequestServices.GetRequiredService<ApiKeys>().Authorize(context, role);
            if (denied is not null) return denied;
            context.Features.Set(caller);
        }
        if (BodyLimit.Apply(context, route.BodyLimit) is { } tooLarge) return tooLarge;
        if (route.Cache.Shared)
        {
            context.Items[typeof(CachePolicy)] = route.Cache;
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                var ok = response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified;
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
}
