using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using ObrasQr.Http;

namespace ObrasQr.Functions;

/// <summary>
/// The Functions app's counterpart of the server's <c>UseExceptionHandler</c>: an HTTP function that fails answers the
/// 500 problem of <see cref="UnhandledError"/>, its correlation id the invocation id (what the Functions logs and
/// Application Insights key on). Other triggers fail as they did, so the host retries or records them.
/// </summary>
public sealed class UnhandledErrors(ILogger<UnhandledErrors> log) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
            // The ASP.NET Core integration executes a returned IResult after every worker middleware has returned,
            // outside this try; the handler of a RouteInvoker runs then. So it is executed here, and nothing is left.
            if (context.GetInvocationResult() is { Value: IResult result } invocation)
            {
                invocation.Value = Results.Empty;
                await result.ExecuteAsync(http);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody to answer, and nothing failed.
        }
        catch (Exception e)
        {
            await UnhandledError.AnswerAsync(http, e, context.InvocationId, log);
        }
    }
}
