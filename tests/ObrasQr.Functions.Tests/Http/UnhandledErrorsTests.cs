using System.Collections;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObrasQr.Http;

namespace ObrasQr.Functions.Tests.Http;

/// <summary>The worker middleware of functions/UnhandledErrors.cs, invoked as the Functions host does, around a
/// function that fails: before returning, or while its returned result runs (where a RouteInvoker's handler runs).</summary>
public sealed class UnhandledErrorsTests
{
    const string Secret = "tabla Reportes: código ABCD-1234 no encontrado";
    readonly LogLines logs = new();

    [Fact]
    public async Task A_function_that_throws_answers_a_500_problem_in_Spanish_with_the_invocation_id_and_logs_it()
    {
        var (context, http) = Invocation();

        await Middleware().Invoke(context, _ => throw new InvalidOperationException(Secret));

        var body = await AssertProblemAsync(http, context.InvocationId);
        Assert.DoesNotContain("ABCD", body);
        var line = Assert.Single(logs.Lines);
        Assert.Contains(context.InvocationId, line.Message);
        Assert.Equal(Secret, line.Error?.Message);
    }

    [Fact]
    public async Task A_result_whose_handler_throws_is_answered_the_same_and_not_run_again_by_the_host()
    {
        var (context, http) = Invocation();

        await Middleware().Invoke(context, c => { c.GetInvocationResult().Value = new ThrowingResult(Secret); return Task.CompletedTask; });

        await AssertProblemAsync(http, context.InvocationId);
        Assert.Same(Results.Empty, context.GetInvocationResult().Value);
    }

    [Fact]
    public async Task A_function_that_answers_is_left_alone()
    {
        var (context, http) = Invocation();

        await Middleware().Invoke(context, c => { c.GetInvocationResult().Value = Results.Text("hola"); return Task.CompletedTask; });

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
        Assert.Empty(logs.Lines);
    }

    UnhandledErrors Middleware() => new(logs);

    static async Task<string> AssertProblemAsync(DefaultHttpContext http, string invocationId)
    {
        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);
        Assert.StartsWith(Problems.ContentType, http.Response.ContentType);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Error del servidor", problem.GetProperty("title").GetString());
        Assert.Equal(invocationId, problem.GetProperty("correlationId").GetString());
        Assert.DoesNotContain("Exception", body);
        return body;
    }

    static (FunctionContext, DefaultHttpContext) Invocation()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "GET";
        http.Request.Path = "/o/CO1.PCCNTR.1";
        http.Response.Body = new MemoryStream();
        var context = new TestInvocation(services);
        context.Items["HttpRequestContext"] = http; // where the ASP.NET Core integration puts it (GetHttpContext)
        return (context, http);
    }
}

sealed class ThrowingResult(string message) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => throw new InvalidOperationException(message);
}

/// <summary>The log lines written, with their exception.</summary>
sealed class LogLines : ILogger<UnhandledErrors>
{
    public List<(string Message, Exception? Error)> Lines { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add((formatter(state, exception), exception));
}

/// <summary>An HTTP invocation as the worker hands it to middleware: its items, and the bindings feature that holds
/// the function's result.</summary>
sealed class TestInvocation(IServiceProvider services) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId => "contract-page";
    public override TraceContext TraceContext => null!;
    public override BindingContext BindingContext => null!;
    public override RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; } = services;
    public override FunctionDefinition FunctionDefinition => null!;
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features { get; } = new InvocationFeatures();
    public override CancellationToken CancellationToken => CancellationToken.None;

    sealed class InvocationFeatures : IInvocationFeatures
    {
        // The worker's bindings feature (which holds the function's result) is internal: a proxy stands in for it.
        static readonly Type BindingsFeature = typeof(FunctionContext).Assembly.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;
        readonly Dictionary<Type, object> features = new() { [BindingsFeature] = DispatchProxy.Create(BindingsFeature, typeof(FunctionResultHolder)) };
        public T? Get<T>() => features.TryGetValue(typeof(T), out var f) ? (T)f : default;
        public void Set<T>(T instance) => features[typeof(T)] = instance!;
        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Holds the invocation's result, the one member of the bindings feature middleware reads and writes.</summary>
public class FunctionResultHolder : DispatchProxy
{
    object? result;

    protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
    {
        "get_InvocationResult" => result,
        "set_InvocationResult" => result = args![0],
        _ => null,
    };
}
