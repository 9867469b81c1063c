using Microsoft.AspNetCore.Http;

namespace ObrasQr.Http;

/// <summary>
/// A route's request delegate, compiled by <see cref="RequestDelegateFactory"/> when the route is first asked for. The
/// server would otherwise compile all of the table's routes on the first request, whichever route it asks for: most
/// of the time a new instance takes to answer its first scan (bench/cold-start). Metadata (HTTP methods, what the
/// OpenAPI document says) is still inferred for every route when routing starts. The Functions app does the same per
/// function (<see cref="RouteInvoker"/>).
/// </summary>
public sealed class RouteDelegate
{
    readonly Delegate handler;
    readonly RequestDelegateFactoryOptions options;
    readonly RequestDelegateMetadataResult? metadata;
    RequestDelegate? built;

    RouteDelegate(Delegate handler, RequestDelegateFactoryOptions options, RequestDelegateMetadataResult? metadata) =>
        (this.handler, this.options, this.metadata) = (handler, options, metadata);

    public bool IsBuilt => built is not null;

    /// <summary>What routing calls instead of compiling the handler: the route's endpoint carries this instance.</summary>
    public static RequestDelegateResult OnFirstRequest(Delegate handler, RequestDelegateFactoryOptions options, RequestDelegateMetadataResult? metadata)
    {
        var route = new RouteDelegate(handler, options, metadata);
        options.EndpointBuilder?.Metadata.Add(route);
        return new RequestDelegateResult(route.InvokeAsync, options.EndpointBuilder?.Metadata.ToList() ?? []);
    }

    // Two first requests at once may both compile it: the same delegate either way, and one is kept.
    Task InvokeAsync(HttpContext context) =>
        (built ??= RequestDelegateFactory.Create(handler, options, metadata).RequestDelegate)(context);
}
