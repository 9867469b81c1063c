using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObrasQr.Contracts;
using ObrasQr.Http;

namespace ObrasQr.Tests.Http;

/// <summary>An error no handler expected, through the server's pipeline on both stores: a 500 problem in Spanish with a
/// correlation id that the log line also carries, and nothing of the exception in the body.</summary>
public sealed class UnhandledErrorTests
{
    const string Secret = "la tabla Contratos no responde: clave ABCD-1234";

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_failing_store_is_answered_with_a_500_problem_in_Spanish_whose_correlation_id_is_in_the_log(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        var logs = new LogLines();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            var store = s.Last(d => d.ServiceType == typeof(IContractStore));
            s.AddSingleton(sp => FailingStore.Around((IContractStore)(store.ImplementationInstance ?? store.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, store.ImplementationType!)), Secret));
            s.AddSingleton<ILoggerProvider>(logs);
        }));

        var response = await app.CreateClient().GetAsync("/api/contracts");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("ABCD", body);
        Assert.DoesNotContain("Exception", body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Error del servidor", problem.GetProperty("title").GetString());
        var correlationId = problem.GetProperty("correlationId").GetString();
        Assert.False(string.IsNullOrEmpty(correlationId));
        var line = Assert.Single(logs.Lines, l => l.Category == typeof(UnhandledErrorHandler).FullName);
        Assert.Contains(correlationId, line.Message);
        Assert.Equal(Secret, line.Error?.Message);
    }

    /// <summary>The contract store, except that listing the published works fails as an unreachable database would
    /// (the start-up's own reads still work).</summary>
    public class FailingStore : DispatchProxy
    {
        IContractStore inner = null!;
        string message = "";

        public static IContractStore Around(IContractStore inner, string message)
        {
            var store = DispatchProxy.Create<IContractStore, FailingStore>();
            ((FailingStore)(object)store).inner = inner;
            ((FailingStore)(object)store).message = message;
            return store;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(IContractStore.ListPublishedAsync)
                ? throw new InvalidOperationException(message)
                : targetMethod.Invoke(inner, args);
    }

    sealed class LogLines : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, string Message, Exception? Error)> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        sealed class Logger(LogLines lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Lines.Enqueue((category, formatter(state, exception), exception));
        }
    }
}
