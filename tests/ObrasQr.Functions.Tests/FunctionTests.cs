using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using ObrasQr.Contracts;
using ObrasQr.Functions.Contracts;
using ObrasQr.Functions.Qr;
using ObrasQr.Functions.Reports;
using ObrasQr.Functions.Sync;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Storage;
using ObrasQr.Sync;
using QrHandlers = ObrasQr.Qr.QrHandlers;
using ReportHandlers = ObrasQr.Reports.ReportHandlers;
using ReportQuery = ObrasQr.Reports.ReportQuery;

namespace ObrasQr.Functions.Tests;

/// <summary>
/// The function classes: every route of the HTTP contract is a function, and each answers exactly as the shared
/// handler does (the IResult is executed against a DefaultHttpContext, as the Functions ASP.NET Core integration does).
/// Storage is mocked: these tests are about the host's wiring, not the store.
/// </summary>
public sealed class FunctionTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    readonly Mock<IContractStore> contracts = new();
    readonly Mock<IReportStore> reports = new();
    readonly Mock<IExportStore> exports = new();
    readonly Mock<IFileStore> files = new();
    readonly Mock<IStorageHealth> health = new();
    readonly Mock<ISyncStateStore> syncState = new();

    IServiceProvider Services()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddObrasQr(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ObrasQr:PublicBaseUrl"] = "https://obras.example.gov.co",
        }).Build());
        services.AddSingleton(contracts.Object).AddSingleton(reports.Object).AddSingleton(exports.Object)
            .AddSingleton(files.Object).AddSingleton(health.Object).AddSingleton(syncState.Object);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Every_route_of_the_server_is_a_function_with_the_same_method_and_route()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddObrasQr(builder.Configuration);
        var app = builder.Build();
        app.MapObrasQr();
        var serverRoutes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} /{e.RoutePattern.RawText!.TrimStart('/')}"));

        var functionRoutes = typeof(ContractFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .SelectMany(trigger => trigger.Methods!.Select(method => $"{method.ToUpperInvariant()} /{trigger.Route}"));

        Assert.Equal(serverRoutes.Order(StringComparer.Ordinal), functionRoutes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_function_is_one_call_to_a_handler()
    {
        // One line each: the body of every function is a single call (IL: load args, call, return), nothing else.
        var functions = typeof(ContractFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToList();

        Assert.NotEmpty(functions);
        Assert.All(functions, m => Assert.True(m.GetMethodBody()!.GetILAsByteArray()!.Length <= 24, $"{m.DeclaringType!.Name}.{m.Name} does more than delegate"));
    }

    [Fact]
    public async Task Contract_function_answers_as_the_handler_for_a_known_work()
    {
        var work = new Contract { ContractId = "CO1.PCCNTR.1", Type = "Obra", Status = "En ejecución", Value = 1_000_000, Object = "Pavimentación" };
        var version = ContractVersion.First(work, T0, "test");
        contracts.Setup(s => s.FindAsync("CO1.PCCNTR.1", It.IsAny<CancellationToken>())).ReturnsAsync(version);
        contracts.Setup(s => s.HistoryAsync("CO1.PCCNTR.1", It.IsAny<CancellationToken>())).ReturnsAsync([version]);
        var sp = Services();

        var viaFunction = await Execute(sp, r => ActivatorUtilities.CreateInstance<ContractFunctions>(sp).Get(r, "CO1.PCCNTR.1"));
        var viaHandler = await Execute(sp, r => sp.GetRequiredService<ContractHandlers>().Get(r, "CO1.PCCNTR.1"));

        Assert.Equal(200, viaFunction.Status);
        Assert.Contains("CO1.PCCNTR.1", viaFunction.Body);
        Assert.Equal(viaHandler, viaFunction);
    }

    [Fact]
    public async Task Qr_function_answers_404_as_the_handler_for_an_unknown_work()
    {
        var sp = Services();

        var viaFunction = await Execute(sp, r => ActivatorUtilities.CreateInstance<QrFunctions>(sp).Svg(r, "CO1.PCCNTR.404"));
        var viaHandler = await Execute(sp, r => sp.GetRequiredService<QrHandlers>().Svg(r, "CO1.PCCNTR.404"));

        Assert.Equal(404, viaFunction.Status);
        Assert.Equal(viaHandler, viaFunction);
    }

    [Fact]
    public async Task Auditor_function_refuses_a_request_without_a_key_as_the_handler_does()
    {
        var sp = Services();

        var viaFunction = await Execute(sp, r => ActivatorUtilities.CreateInstance<ReportFunctions>(sp).List(r));
        var viaHandler = await Execute(sp, r => sp.GetRequiredService<ReportHandlers>().List(r));

        Assert.Equal(401, viaFunction.Status);
        Assert.Equal(viaHandler, viaFunction);
        reports.Verify(s => s.ListAsync(It.IsAny<ReportQuery>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Health_function_says_degraded_when_storage_does_not_answer()
    {
        health.Setup(h => h.IsReachableAsync(It.IsAny<CancellationToken>())).ReturnsAsync(false);
        var sp = Services();

        var viaFunction = await Execute(sp, r => ActivatorUtilities.CreateInstance<HealthFunctions>(sp).Check(r));

        Assert.Equal(503, viaFunction.Status);
        Assert.Contains("degraded", viaFunction.Body);
    }

    [Fact]
    public async Task Timer_runs_the_sync_on_the_schedule_setting()
    {
        exports.Setup(s => s.ListPendingAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Array.Empty<SecopExport>());
        var sp = Services();
        var functions = ActivatorUtilities.CreateInstance<SyncFunctions>(sp);

        await functions.RunOnSchedule(new TimerInfo { IsPastDue = false }, CancellationToken.None);

        exports.Verify(s => s.ListPendingAsync(It.IsAny<CancellationToken>()), Times.Once);
        var trigger = typeof(SyncFunctions).GetMethod(nameof(SyncFunctions.RunOnSchedule))!.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>();
        Assert.Equal("%ObrasQr:Sync:Schedule%", trigger!.Schedule); // app setting ObrasQr__Sync__Schedule
        Assert.False(trigger.RunOnStartup);
    }

    /// <summary>Runs a function or handler on a fresh request and executes its IResult, as the Functions host would.</summary>
    static async Task<(int Status, string? ContentType, string Body)> Execute(IServiceProvider services, Func<HttpRequest, Task<IResult>> call)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("obras.example.gov.co");
        context.Response.Body = new MemoryStream();
        var result = await call(context.Request);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.ContentType, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
