using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ObrasQr.Http;

/// <summary>
/// Runs a route of <see cref="HttpContract"/> where no ASP.NET Core routing runs (an Azure Function): the route's rules,
/// then its handler bound by the same <see cref="RequestDelegateFactory"/> minimal APIs use on the server, so parameters,
/// typed results and JSON are the same on both hosts. A Function returns <c>RouteInvoker.Run(name)</c>.
/// </summary>
public sealed class RouteInvoker : IResult
{
    static readonly FrozenDictionary<string, RouteInvoker> ByName = HttpContract.Routes.ToFrozenDictionary(r => r.Name, r => new RouteInvoker(r));

    readonly HttpRoute route;
    readonly TemplateMatcher matcher;
    RequestDelegate? handler;

    RouteInvoker(HttpRoute route)
    {
        this.route = route;
        matcher = new TemplateMatcher(TemplateParser.Parse(route.FunctionRoute), new RouteValueDictionary());
    }

    /// <summary>The route named <paramref name="name"/>, as a result the Functions host executes on its request.</summary>
    public static IResult Run(string name) => ByName[name];

    public async Task ExecuteAsync(HttpContext context)
    {
        SecurityHeaders.NoSniff(context.Response);
        // The Functions host matched the function's route; its values are read again from the path, the way routing would.
        var values = new RouteValueDictionary();
        if (matcher.TryMatch(context.Request.Path, values))
            foreach (var (key, value) in values) context.Request.RouteValues[key] = value;
        handler ??= RequestDelegateFactory.Create(route.Handler, new RequestDelegateFactoryOptions
        {
            ServiceProvider = context.RequestServices,
            RouteParameterNames = matcher.Template.Parameters.Select(p => p.Name!).ToList(),
        }).RequestDelegate;
        await RouteRules.RunAsync(context, route, handler);
    }
}
